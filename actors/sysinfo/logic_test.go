package sysinfo

import (
	"bytes"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/clock"
	ossysinfo "github.com/goqga/goqga/os/sysinfo"
	"github.com/goqga/goqga/os/users"
)

// fake is a guest on paper; calls counts OS calls, which Handle must not
// make on the actor.
type fake struct {
	now, rtc        int64
	set             []int64
	rtcWrites       int
	hwclock         []bool
	rtcErr, setErr  error
	hwErr, unameErr error
	osr             string
	osrErr          error
	zone            ossysinfo.Zone
	utmp, sessions  []users.Login
	utmpErr         error
	calls           int
}

func (f *fake) Now() (int64, error)     { f.calls++; return f.now, nil }
func (f *fake) Set(ns int64) error      { f.calls++; f.set = append(f.set, ns); return f.setErr }
func (f *fake) ReadRTC() (int64, error) { f.calls++; return f.rtc, f.rtcErr }
func (f *fake) WriteRTC() error {
	f.calls++
	if f.rtcErr == nil {
		f.rtcWrites++
	}
	return f.rtcErr
}
func (f *fake) HWClock(s bool) error               { f.calls++; f.hwclock = append(f.hwclock, s); return f.hwErr }
func (f *fake) HostName() (string, error)          { f.calls++; return "guest1", nil }
func (f *fake) Zone(int64) (ossysinfo.Zone, error) { f.calls++; return f.zone, nil }
func (f *fake) LoadAvg() ([3]float64, error)       { f.calls++; return [3]float64{0.5, 1, 1.5}, nil }
func (f *fake) Uname() (ossysinfo.Uname, error) {
	f.calls++
	return ossysinfo.Uname{Release: "6.1.0", Version: "#1 SMP", Machine: "x86_64"}, f.unameErr
}
func (f *fake) OSRelease() ([]byte, string, error) {
	f.calls++
	return []byte(f.osr), "/etc/os-release", f.osrErr
}
func (f *fake) Utmp() ([]users.Login, error)     { f.calls++; return f.utmp, f.utmpErr }
func (f *fake) Sessions() ([]users.Login, error) { f.calls++; return f.sessions, nil }

func spec(name string) *command.Spec {
	for i := range Specs {
		if Specs[i].Name == name {
			return &Specs[i]
		}
	}
	panic(name)
}

// run handles one request on a fresh Logic and returns the reply line
// and the audit log.
func run(t *testing.T, f *fake, name, args string) (string, string) {
	t.Helper()
	core, logs := observer.New(zap.InfoLevel)
	l := New(Deps{Clock: f, Info: f, Users: f, Log: zap.New(core)})
	req := &command.Request{Spec: spec(name), ID: []byte("1")}
	if args != "" {
		req.Args = []byte(args)
	}
	step := l.Handle(req)
	if f.calls != 0 {
		t.Fatalf("%s: Handle called the OS on the actor", name)
	}
	line := step.Reply
	if step.Op != nil {
		res, err := step.Op()
		line = step.Then(res, err)
	}
	var audit bytes.Buffer
	for _, e := range logs.FilterLoggerName("audit").All() {
		audit.WriteString(e.Message + " " + e.ContextMap()["command"].(string) + "\n")
	}
	return strings.TrimSuffix(string(line.Line), "\n"), audit.String()
}

func TestReads(t *testing.T) {
	f := &fake{now: 1796637458164963123, zone: ossysinfo.Zone{Name: "CET", Offset: 3600},
		osr: "NAME=\"Debian GNU/Linux\"\nID=debian\nVARIANT=\n",
		utmp: []users.Login{{User: "root", Sec: 1700000000, Usec: 250000}, {User: "alice", Sec: 1},
			{User: "root", Sec: 1690000000, Usec: 500000}, {User: "root", Sec: 1695000000}}}
	for _, tc := range []struct{ cmd, want string }{
		{"guest-get-time", `{"return":1796637458164963123,"id":1}`},
		{"guest-get-host-name", `{"return":{"host-name":"guest1"},"id":1}`},
		{"guest-get-timezone", `{"return":{"zone":"CET","offset":3600},"id":1}`},
		{"guest-get-osinfo", `{"return":{"kernel-release":"6.1.0","kernel-version":"#1 SMP","machine":"x86_64",` +
			`"id":"debian","name":"Debian GNU/Linux","variant":""},"id":1}`},
		{"guest-get-users", `{"return":[{"user":"root","login-time":1690000000.5},{"user":"alice","login-time":1}],"id":1}`},
		{"guest-get-load", `{"return":{"load1m":0.5,"load5m":1,"load15m":1.5},"id":1}`},
	} {
		f.calls = 0
		if got, audit := run(t, f, tc.cmd, ""); got != tc.want || audit != "" {
			t.Errorf("%s:\n got %s (audit %q)\nwant %s", tc.cmd, got, audit, tc.want)
		}
	}
}

func TestReadsDegrade(t *testing.T) {
	eio := errors.New("input/output error")
	noUtmp := &fs.PathError{Op: "open", Path: "/var/run/utmp", Err: fs.ErrNotExist}
	for _, tc := range []struct {
		name, cmd string
		f         *fake
		want      string
	}{
		{"no zone name", "guest-get-timezone", &fake{zone: ossysinfo.Zone{Offset: -18000}}, `{"return":{"offset":-18000},"id":1}`},
		{"no os-release", "guest-get-osinfo", &fake{osrErr: ossysinfo.ErrNoOSRelease},
			`{"return":{"kernel-release":"6.1.0","kernel-version":"#1 SMP","machine":"x86_64"},"id":1}`},
		{"unreadable os-release", "guest-get-osinfo", &fake{osrErr: eio},
			`{"return":{"kernel-release":"6.1.0","kernel-version":"#1 SMP","machine":"x86_64"},"id":1}`},
		{"uname fails", "guest-get-osinfo", &fake{unameErr: eio},
			`{"error":{"class":"GenericError","desc":"uname failed: input/output error"},"id":1}`},
		{"nobody", "guest-get-users", &fake{}, `{"return":[],"id":1}`},
		{"no utmp: logind", "guest-get-users", &fake{utmpErr: noUtmp, sessions: []users.Login{{User: "bob", Sec: 5, Usec: 1}}},
			`{"return":[{"user":"bob","login-time":5.000001}],"id":1}`},
		{"utmp unreadable", "guest-get-users", &fake{utmpErr: eio, sessions: []users.Login{{User: "bob", Sec: 5, Usec: 1}}},
			`{"error":{"class":"GenericError","desc":"cannot read utmp: input/output error"},"id":1}`},
	} {
		if got, _ := run(t, tc.f, tc.cmd, ""); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func TestSetTime(t *testing.T) {
	const ok = `{"return":{},"id":1}`
	for _, tc := range []struct {
		name, args string
		f          *fake
		want       string
		set        []int64
		rtcWrites  int
		hwclock    []bool
	}{
		{"time: clock then RTC", `{"time":1796637458164963123}`, &fake{}, ok, []int64{1796637458164963123}, 1, nil},
		{"no RTC device: hwclock -w", `{"time":1796637458000000000}`, &fake{rtcErr: clock.ErrNoRTC}, ok,
			[]int64{1796637458000000000}, 0, []bool{false}},
		{"neither", `{"time":1796637458000000000}`, &fake{rtcErr: clock.ErrNoRTC, hwErr: clock.ErrNoHWClock},
			`{"error":{"class":"GenericError","desc":"the system clock was set, but not the hardware clock: the guest has no hwclock program"},"id":1}`,
			[]int64{1796637458000000000}, 0, []bool{false}},
		{"from the RTC", ``, &fake{rtc: 1700000000e9}, ok, []int64{1700000000e9}, 0, nil},
		{"from the RTC, empty arguments", `{}`, &fake{rtc: 1700000000e9}, ok, []int64{1700000000e9}, 0, nil},
		{"no RTC device: hwclock -s", ``, &fake{rtcErr: clock.ErrNoRTC}, ok, nil, 0, []bool{true}},
		{"setting fails", `{"time":1796637458000000000}`, &fake{setErr: errors.New("operation not permitted")},
			`{"error":{"class":"GenericError","desc":"Failed to set time to guest: operation not permitted"},"id":1}`,
			[]int64{1796637458000000000}, 0, nil},
		{"1969", `{"time":-1000000000}`, &fake{}, `{"error":{"class":"GenericError","desc":"Invalid time"},"id":1}`, nil, 0, nil},
		{"2070", `{"time":3155760000000000000}`, &fake{}, `{"error":{"class":"GenericError","desc":"Invalid time"},"id":1}`, nil, 0, nil},
		{"negative microseconds", `{"time":-500000}`, &fake{},
			`{"error":{"class":"GenericError","desc":"Failed to set time to guest: Invalid argument"},"id":1}`, nil, 0, nil},
		{"1970 in Berlin, 1969 in UTC", `{"time":-1000000000}`, &fake{zone: ossysinfo.Zone{Name: "CET", Offset: 3600}},
			`{"error":{"class":"GenericError","desc":"Failed to set time to guest: Invalid argument"},"id":1}`, nil, 0, nil},
		{"2070 in Berlin", `{"time":3155756400000000000}`, &fake{zone: ossysinfo.Zone{Name: "CET", Offset: 3600}},
			`{"error":{"class":"GenericError","desc":"Invalid time"},"id":1}`, nil, 0, nil},
		{"2069 is fine", `{"time":3155759999000000000}`, &fake{}, ok, []int64{3155759999000000000}, 1, nil},
	} {
		got, audit := run(t, tc.f, "guest-set-time", tc.args)
		if got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
		if audit != "audit guest-set-time\n" {
			t.Errorf("%s: audit lines %q, want exactly one", tc.name, audit)
		}
		if !slices.Equal(tc.f.set, tc.set) || tc.f.rtcWrites != tc.rtcWrites || !slices.Equal(tc.f.hwclock, tc.hwclock) {
			t.Errorf("%s: set %v, RTC writes %d, hwclock %v; want %v, %d, %v", tc.name, tc.f.set, tc.f.rtcWrites, tc.f.hwclock,
				tc.set, tc.rtcWrites, tc.hwclock)
		}
	}
}
