package clock

import (
	"sync"
	"time"

	"github.com/goqga/goqga/os/sim"
)

// Sim is the simulated guest's two clocks, kept as offsets from the
// host's clock so they run on, and journaled when they change. It never
// touches the host's clocks. Safe for concurrent use.
type Sim struct {
	mu      sync.Mutex
	clock   time.Duration // system clock - host clock
	rtc     time.Duration // hardware clock - host clock
	noRTC   bool
	hwclock bool
	journal *sim.Journal
	now     func() time.Time // the host's clock; tests replace it
}

// NewSim starts the simulated clocks from w's sysinfo.
func NewSim(w *sim.World, j *sim.Journal) *Sim {
	s := &Sim{noRTC: w.SysInfo.NoRTC, hwclock: w.SysInfo.HWClock, journal: j, now: time.Now}
	host := s.now()
	if w.SysInfo.Time != 0 {
		s.clock = time.Unix(0, w.SysInfo.Time).Sub(host)
	}
	s.rtc = s.clock
	if w.SysInfo.RTC != 0 {
		s.rtc = time.Unix(0, w.SysInfo.RTC).Sub(host)
	}
	return s
}

// Now reads the simulated system clock.
func (s *Sim) Now() (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now().Add(s.clock).UnixNano(), nil
}

// Set sets the simulated system clock: {"op":"set-time","time":ns}.
func (s *Sim) Set(ns int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock = time.Unix(0, ns).Sub(s.now())
	s.journal.Record(map[string]any{"op": "set-time", "time": ns})
	return nil
}

// ReadRTC reads the simulated RTC, whole seconds: {"op":"rtc-read"}.
func (s *Sim) ReadRTC() (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.noRTC {
		return 0, ErrNoRTC
	}
	t := s.now().Add(s.rtc).Truncate(time.Second)
	s.journal.Record(map[string]any{"op": "rtc-read", "time": t.UnixNano()})
	return t.UnixNano(), nil
}

// WriteRTC sets the simulated RTC from the system clock, whole seconds:
// {"op":"rtc-write","time":ns}.
func (s *Sim) WriteRTC() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.noRTC {
		return ErrNoRTC
	}
	return s.writeRTC("rtc-write")
}

func (s *Sim) writeRTC(op string) error {
	host := s.now()
	t := host.Add(s.clock).Truncate(time.Second)
	s.rtc = t.Sub(host)
	s.journal.Record(map[string]any{"op": op, "time": t.UnixNano()})
	return nil
}

// HWClock does what hwclock -w or -s would, when the World has one:
// {"op":"hwclock","flag":"-w"|"-s"}.
func (s *Sim) HWClock(toSystem bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.hwclock {
		return ErrNoHWClock
	}
	s.journal.Record(map[string]any{"op": "hwclock", "flag": hwclockFlag(toSystem)})
	if toSystem {
		s.clock = s.rtc
		return nil
	}
	return s.writeRTC("rtc-write")
}
