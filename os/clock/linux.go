//go:build linux

package clock

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"time"

	"golang.org/x/sys/unix"

	"github.com/goqga/goqga/os/deadline"
)

// Linux is the real guest's clocks. It changes the machine's time: only
// the agent inside a guest uses it, never a test on the host.
type Linux struct {
	RTCPaths []string // tried in order; the first that exists is the RTC
	Adjtime  string   // /etc/adjtime
	HWClocks []string // hwclock programs, tried in order
	// guard refuses a second ioctl on a device whose last one hangs.
	guard deadline.Guard
}

// NewLinux returns the real Clock.
func NewLinux() *Linux {
	return &Linux{
		RTCPaths: []string{"/dev/rtc", "/dev/rtc0"},
		Adjtime:  AdjtimePath,
		HWClocks: []string{"/sbin/hwclock", "/usr/sbin/hwclock", "/bin/hwclock", "/usr/bin/hwclock"},
	}
}

// Now reads CLOCK_REALTIME.
func (*Linux) Now() (int64, error) {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_REALTIME, &ts); err != nil {
		return 0, err
	}
	return ts.Nano(), nil
}

// Set sets CLOCK_REALTIME (clock_settime, what settimeofday does with
// nanoseconds).
func (*Linux) Set(ns int64) error {
	ts := unix.NsecToTimespec(ns)
	return unix.ClockSettime(unix.CLOCK_REALTIME, &ts)
}

// ReadRTC reads the RTC with RTC_RD_TIME.
func (l *Linux) ReadRTC() (int64, error) {
	var t time.Time
	err := l.withRTC(func(fd int, loc *time.Location) error {
		r, err := unix.IoctlGetRTCTime(fd)
		if err != nil {
			return fmt.Errorf("RTC_RD_TIME: %w", err)
		}
		t = fromRTC(*r, loc)
		return nil
	})
	return t.UnixNano(), err
}

// WriteRTC sets the RTC from the system clock with RTC_SET_TIME.
func (l *Linux) WriteRTC() error {
	return l.withRTC(func(fd int, loc *time.Location) error {
		r := toRTC(time.Now(), loc)
		if err := unix.IoctlSetRTCTime(fd, &r); err != nil {
			return fmt.Errorf("RTC_SET_TIME: %w", err)
		}
		return nil
	})
}

// withRTC opens the first RTC device that exists and runs f on it with
// the zone the RTC keeps, within Timeout (os/deadline: a hung ioctl
// leaves its goroutine behind, the caller gets its answer, and the next
// call on that device is refused at once until it returns).
func (l *Linux) withRTC(f func(fd int, loc *time.Location) error) error {
	loc := time.UTC
	if b, err := os.ReadFile(l.Adjtime); err == nil && ParseAdjtime(b) {
		loc = time.Local
	}
	for _, p := range l.RTCPaths {
		fd, err := unix.Open(p, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if errors.Is(err, unix.ENOENT) || errors.Is(err, unix.ENODEV) || errors.Is(err, unix.ENXIO) {
			continue
		}
		if err != nil {
			return &fs.PathError{Op: "open", Path: p, Err: err}
		}
		_, err = deadline.Run(&l.guard, p, Timeout, func() (struct{}, error) {
			defer unix.Close(fd)
			return struct{}{}, f(fd, loc)
		})
		if errors.Is(err, deadline.ErrBusy) {
			unix.Close(fd) // f never ran: the descriptor is still ours
		}
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		return nil
	}
	return ErrNoRTC
}

// HWClock runs the first hwclock found, with a deadline.
func (l *Linux) HWClock(toSystem bool) error {
	flag := "-w"
	if toSystem {
		flag = "-s"
	}
	for _, p := range l.HWClocks {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), Timeout)
		defer cancel()
		out, err := exec.CommandContext(ctx, p, flag).CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s %s failed: %v: %s", p, flag, err, trim(out))
		}
		return nil
	}
	return ErrNoHWClock
}

// trim keeps a program's output short enough for an error message.
func trim(b []byte) string {
	const max = 512
	if len(b) > max {
		b = b[:max]
	}
	return string(b)
}
