package clock

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/os/sim"
)

func TestParseAdjtime(t *testing.T) {
	for _, tc := range []struct {
		in    string
		local bool
	}{
		{"0.0 0 0.0\n0\nUTC\n", false},
		{"0.0 0 0.0\n0\nLOCAL\n", true},
		{"0.0 0 0.0\n0\nLOCAL", true},
		{"", false},
		{"LOCAL\n", false},
	} {
		if got := ParseAdjtime([]byte(tc.in)); got != tc.local {
			t.Errorf("%q: %v", tc.in, got)
		}
	}
}

func FuzzParseAdjtime(f *testing.F) {
	f.Add([]byte("0.0 0 0.0\n0\nLOCAL\n"))
	f.Fuzz(func(t *testing.T, b []byte) { ParseAdjtime(b) })
}

// An RTC reading round-trips in UTC and in a local zone.
func TestRTCConversion(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		berlin = time.FixedZone("CET", 3600)
	}
	at := time.Date(2026, 12, 7, 10, 30, 15, 0, time.UTC)
	for _, loc := range []*time.Location{time.UTC, berlin} {
		r := toRTC(at, loc)
		if got := fromRTC(r, loc); !got.Equal(at) {
			t.Errorf("%v: %v came back as %v (%+v)", loc, at, got, r)
		}
	}
	if r := toRTC(at, time.UTC); r.Year != 126 || r.Mon != 11 || r.Mday != 7 || r.Hour != 10 {
		t.Errorf("UTC broken down as %+v", r)
	}
}

// The simulated clocks run on from where they were set, and every change
// is journaled.
func TestSim(t *testing.T) {
	host := time.Unix(1000, 0)
	w := sim.Default()
	w.SysInfo.Time = int64(5000 * time.Second)
	var j bytes.Buffer
	s := NewSim(w, sim.NewJournal(&j))
	s.now = func() time.Time { return host }
	s.clock, s.rtc = 4000*time.Second, 4000*time.Second
	if ns, _ := s.Now(); ns != int64(5000*time.Second) {
		t.Fatalf("now %d", ns)
	}
	host = host.Add(10 * time.Second)
	if ns, _ := s.Now(); ns != int64(5010*time.Second) {
		t.Fatalf("the clock did not run: %d", ns)
	}
	s.Set(int64(9000*time.Second + 500*time.Millisecond))
	if ns, _ := s.ReadRTC(); ns != int64(5010*time.Second) {
		t.Fatalf("the RTC moved with the system clock: %d", ns)
	}
	s.WriteRTC()
	if ns, _ := s.ReadRTC(); ns != int64(9000*time.Second) {
		t.Fatalf("RTC after the write: %d", ns)
	}
	if err := s.HWClock(true); err != ErrNoHWClock {
		t.Fatalf("hwclock in a world without it: %v", err)
	}
	want := []string{`"op":"set-time","time":9000500000000`, `"op":"rtc-read"`, `"op":"rtc-write","time":9000000000000`}
	for _, w := range want {
		if !strings.Contains(j.String(), w) {
			t.Errorf("journal lacks %s:\n%s", w, j.String())
		}
	}
	w.SysInfo.NoRTC = true
	if _, err := NewSim(w, sim.NewJournal(&j)).ReadRTC(); err != ErrNoRTC {
		t.Fatalf("no RTC: %v", err)
	}
}
