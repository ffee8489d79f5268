package clock

import (
	"errors"
	"time"
)

// Clock is the guest's system clock and hardware clock. Times are
// nanoseconds since the Unix epoch.
type Clock interface {
	// Now reads the system clock.
	Now() (int64, error)
	// Set sets the system clock.
	Set(ns int64) error
	// ReadRTC reads the hardware clock (whole seconds); ErrNoRTC when
	// the guest has none.
	ReadRTC() (int64, error)
	// WriteRTC sets the hardware clock from the system clock; ErrNoRTC
	// when the guest has none.
	WriteRTC() error
	// HWClock runs hwclock: toSystem true is "hwclock -s" (system clock
	// from the RTC), false "hwclock -w" (RTC from the system clock).
	// ErrNoHWClock when the guest has no hwclock.
	HWClock(toSystem bool) error
}

// Errors a Clock reports for what the guest lacks.
var (
	ErrNoRTC     = errors.New("the guest has no hardware clock device (/dev/rtc, /dev/rtc0)")
	ErrNoHWClock = errors.New("the guest has no hwclock program")
)

// Timeout bounds one RTC ioctl or one hwclock run.
const Timeout = 10 * time.Second
