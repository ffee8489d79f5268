package faults

import (
	"fmt"
	"os"
	"path/filepath"
)

// minimalWorld is a simulated guest without an RTC device (hwclock does
// the work) and without utmp (logind's sessions are read): the only way
// to reach os.hwclock and os.logind. TestMain writes it.
var minimalWorld = filepath.Join(os.TempDir(), fmt.Sprintf("goqga-faults-minimal-%d.json", os.Getpid()))

func writeMinimalWorld() error {
	return os.WriteFile(minimalWorld, []byte(`{"sysinfo":{"no-rtc":true,"hwclock":true,"host-name":"m",`+
		`"sessions":[{"user":"alice","sec":1700000000}]}}`), 0o644)
}

// sysinfoWork asks every sysinfo command once, set-time both ways.
func sysinfoWork(f *fixture) []step {
	r := &recorder{f: f}
	for _, cmd := range []string{"guest-get-time", "guest-get-host-name", "guest-get-timezone", "guest-get-osinfo",
		"guest-get-users", "guest-get-load", "guest-set-time"} {
		r.do(cmd, nil)
	}
	r.do("guest-set-time", args{"time": int64(1796637458000000000)})
	return r.steps
}

// The sysinfo domain's points: each fails the commands that need the
// call; an unreadable os-release only drops its fields.
var sysinfoCases = []osCase{
	{point: "os.clock_get", domain: "sysinfo", work: sysinfoWork, touches: []string{"guest-get-time", "guest-get-timezone"}},
	{point: "os.clock_set", domain: "sysinfo", work: sysinfoWork, touches: []string{"guest-set-time", "guest-set-time time"}},
	{point: "os.rtc_read", domain: "sysinfo", work: sysinfoWork, touches: []string{"guest-set-time"}},
	{point: "os.rtc_write", domain: "sysinfo", work: sysinfoWork, touches: []string{"guest-set-time time"}},
	{point: "os.hwclock", domain: "sysinfo", work: sysinfoWork, touches: []string{"guest-set-time", "guest-set-time time"},
		extra: []string{"--sim-config", minimalWorld}},
	{point: "os.hostname", domain: "sysinfo", work: sysinfoWork, touches: []string{"guest-get-host-name"}},
	{point: "os.uname", domain: "sysinfo", work: sysinfoWork, touches: []string{"guest-get-osinfo"}},
	{point: "os.os_release", domain: "sysinfo", work: sysinfoWork, touches: []string{"guest-get-osinfo"}, errorOK: &success},
	// set-time reads the zone for qemu-ga's year check; without one it
	// checks in UTC, so only a panic there fails it.
	{point: "os.localtime", domain: "sysinfo", work: sysinfoWork, touches: []string{"guest-get-timezone"}, only: "!panic"},
	{point: "os.localtime", domain: "sysinfo", work: sysinfoWork, touches: []string{"guest-get-timezone", "guest-set-time time"},
		only: "panic"},
	{point: "os.loadavg", domain: "sysinfo", work: sysinfoWork, touches: []string{"guest-get-load"}},
	{point: "os.utmp", domain: "sysinfo", work: sysinfoWork, touches: []string{"guest-get-users"}},
	{point: "os.logind", domain: "sysinfo", work: sysinfoWork, touches: []string{"guest-get-users"},
		extra: []string{"--sim-config", minimalWorld}},
}

func init() { osCases = append(osCases, sysinfoCases...) }
