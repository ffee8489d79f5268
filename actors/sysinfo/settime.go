package sysinfo

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/audit"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/clock"
)

// checkTime applies qemu-ga 7.2's checks to a requested time, given the
// guest's zone offset then: the year in local time must be 1970..2069
// ("Invalid time"); a time before the epoch that passes (in a zone east
// of UTC) is what settimeofday refuses, and is refused without asking it.
func checkTime(ns int64, offset int) error {
	sec := ns / 1e9 // truncated toward zero, as C divides
	if y := time.Unix(sec, 0).In(time.FixedZone("", offset)).Year(); y < 1970 || y >= 2070 {
		return command.Errorf("Invalid time")
	}
	if ns < 0 {
		return command.Errorf("Failed to set time to guest: Invalid argument")
	}
	return nil
}

// setTime: with time, the system clock then the hardware clock; without,
// the system clock from the hardware clock.
func (l *Logic) setTime(req *command.Request) domain.Step {
	var a struct {
		Time *int64 `json:"time"`
	}
	if len(req.Args) > 0 {
		if err := json.Unmarshal(req.Args, &a); err != nil {
			return domain.Now(req.Fail(err))
		}
	}
	op := l.fromRTC
	if a.Time != nil {
		ns := *a.Time
		op = func() (any, error) { return ns, l.toRTC(ns) }
	}
	return domain.Do(op, func(res any, err error) *command.Reply {
		fields := []zap.Field{zap.Any("time", res), zap.Bool("from-rtc", a.Time == nil)}
		if err != nil {
			fields = append(fields, zap.Error(err))
		}
		audit.Line(l.d.Log, req.Spec.Name, fields...)
		if err != nil {
			return req.Fail(err)
		}
		return req.Return(struct{}{})
	})
}

// toRTC checks ns, sets the system clock to it, then the RTC from it.
// An unknown zone counts as UTC for the check.
func (l *Logic) toRTC(ns int64) error {
	z, err := l.d.Info.Zone(ns)
	if err != nil {
		l.d.Log.Info("no zone for set-time's check; using UTC", zap.Error(err))
	}
	if err := checkTime(ns, z.Offset); err != nil {
		return err
	}
	if err := l.d.Clock.Set(ns); err != nil {
		return fmt.Errorf("Failed to set time to guest: %w", err)
	}
	err = l.d.Clock.WriteRTC()
	if errors.Is(err, clock.ErrNoRTC) {
		err = l.d.Clock.HWClock(false)
	}
	if err != nil {
		return fmt.Errorf("the system clock was set, but not the hardware clock: %w", err)
	}
	return nil
}

// fromRTC sets the system clock from the RTC and returns the time set
// (nil when hwclock did it).
func (l *Logic) fromRTC() (any, error) {
	ns, err := l.d.Clock.ReadRTC()
	if errors.Is(err, clock.ErrNoRTC) {
		if err := l.d.Clock.HWClock(true); err != nil {
			return nil, fmt.Errorf("cannot set the system clock from the hardware clock: %w", err)
		}
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the hardware clock: %w", err)
	}
	if err := l.d.Clock.Set(ns); err != nil {
		return ns, fmt.Errorf("Failed to set time to guest: %w", err)
	}
	return ns, nil
}
