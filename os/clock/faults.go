package clock

import "github.com/goqga/goqga/faults"

// WithFaults puts a fault point in front of every call of c. A fault that
// fires keeps c from being called.
func WithFaults(c Clock, inj *faults.Injector) Clock {
	if inj == nil {
		return c
	}
	return faulty{c: c, inj: inj}
}

type faulty struct {
	c   Clock
	inj *faults.Injector
}

func (f faulty) Now() (int64, error) {
	return faults.Call(f.inj, pointGet, "", f.c.Now)
}

func (f faulty) Set(ns int64) error {
	if err := f.inj.Hit(pointSet, ""); err != nil {
		return err
	}
	return f.c.Set(ns)
}

func (f faulty) ReadRTC() (int64, error) {
	return faults.Call(f.inj, pointRTCRead, "", f.c.ReadRTC)
}

func (f faulty) WriteRTC() error {
	if err := f.inj.Hit(pointRTCWrite, ""); err != nil {
		return err
	}
	return f.c.WriteRTC()
}

func (f faulty) HWClock(toSystem bool) error {
	if err := f.inj.Hit(pointHWClock, hwclockFlag(toSystem)); err != nil {
		return err
	}
	return f.c.HWClock(toSystem)
}

func hwclockFlag(toSystem bool) string {
	if toSystem {
		return "-s"
	}
	return "-w"
}

// The clock's fault points.
var (
	pointGet      = faults.Declare("os.clock_get", "reading the system clock (clock_gettime)", "")
	pointSet      = faults.Declare("os.clock_set", "setting the system clock (clock_settime)", "")
	pointRTCRead  = faults.Declare("os.rtc_read", "reading the hardware clock (RTC_RD_TIME)", "")
	pointRTCWrite = faults.Declare("os.rtc_write", "writing the hardware clock (RTC_SET_TIME)", "")
	pointHWClock  = faults.Declare("os.hwclock", "running hwclock when the guest has no RTC device", "the flag: -w or -s")
)
