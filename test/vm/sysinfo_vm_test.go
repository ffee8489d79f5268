//go:build vm

package vm

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goqga/goqga/client"
	"github.com/goqga/goqga/os/users"
)

// put writes data to path in the guest through the control shell.
func put(t *testing.T, g *Guest, path string, data []byte) {
	t.Helper()
	sh(t, g, fmt.Sprintf("mkdir -p $(dirname %s) && echo %s | base64 -d > %s", path, base64.StdEncoding.EncodeToString(data), path))
}

// guestUtmp is a utmp file as glibc writes it: a boot record, two
// logins of root (the later one first), alice, a finished session.
func guestUtmp() []byte {
	var b []byte
	for _, r := range []struct {
		typ int16
		l   users.Login
	}{
		{2, users.Login{User: "reboot", Sec: 1700000000}},
		{users.UserProcess, users.Login{User: "root", Sec: 1700000100, Usec: 250000}},
		{users.UserProcess, users.Login{User: "alice", Sec: 1700000200, Usec: 1}},
		{8, users.Login{User: "bob", Sec: 1700000300}},
		{users.UserProcess, users.Login{User: "root", Sec: 1690000000, Usec: 500000}},
	} {
		b = append(b, users.UtmpRecord(r.typ, r.l)...)
	}
	return b
}

// osRelease uses the quoting both agents read alike (qemu-ga cuts a
// single-quoted value at its first blank: docs/SYSINFO.md).
const osRelease = "PRETTY_NAME=\"goqga test guest 1.0 (busybox)\"\nNAME=\"goqga test\"\nID=goqga\n" +
	"VERSION=\"1.0 (busybox)\"\nVERSION_ID=1.0\nVARIANT=\"VM \\\"suite\\\"\"\nVARIANT_ID=vm\n# a comment\n"

// prepareIdentity gives the guest a host name, a zone, os-release files
// and a utmp: what goqga and qemu-ga are compared on.
func prepareIdentity(t *testing.T, g *Guest) {
	t.Helper()
	zone, err := os.ReadFile("../../os/sysinfo/testdata/localtime-berlin") // tzdata's Europe/Berlin
	if err != nil {
		t.Fatal(err)
	}
	// A symlink, as distros make it: glib (so qemu-ga) reports UTC for a
	// copied zone file without /etc/timezone; goqga reads either.
	put(t, g, "/usr/share/zoneinfo/Europe/Berlin", zone)
	sh(t, g, "ln -sf /usr/share/zoneinfo/Europe/Berlin /etc/localtime")
	put(t, g, "/run/utmp", guestUtmp())
	sh(t, g, "hostname goqga-guest && rm -f /etc/os-release")
	put(t, g, "/usr/lib/os-release", []byte("NAME=\"fallback\"\nID=fallback\n"))
	// qemu-ga (glib) keeps the zone it found first; goqga reads it at
	// each call. A fresh qemu-ga sees the new one.
	restartRefAgent(t, g)
}

// restartRefAgent kills the guest's qemu-ga and waits until init has
// started a new one.
func restartRefAgent(t *testing.T, g *Guest) {
	t.Helper()
	since := g.Console.Offset()
	sh(t, g, "kill $(pidof qemu-ga)")
	if _, _, err := g.Console.Wait(MarkRefStarted, since, time.Minute); err != nil {
		t.Fatal(err)
	}
}

// testSysinfoSameAsQemuGA: in the same guest, goqga answers host name,
// zone, osinfo (from /usr/lib/os-release, then /etc/os-release) and
// users as qemu-ga 7.2 does, and set-time's bad values get its errors.
func testSysinfoSameAsQemuGA(t *testing.T, g *Guest) {
	prepareIdentity(t, g)
	ours, ref := agent(t, g), refAgent(t, g)
	sameAnswer(t, ours, ref, "guest-get-osinfo", nil, nil)
	put(t, g, "/etc/os-release", []byte(osRelease))
	for _, cmd := range []string{"guest-get-host-name", "guest-get-timezone", "guest-get-osinfo", "guest-get-users"} {
		sameAnswer(t, ours, ref, cmd, nil, nil)
	}
	var tz struct {
		Zone   string `json:"zone"`
		Offset int    `json:"offset"`
	}
	do(t, ours, "guest-get-timezone", nil, &tz)
	if !(tz.Zone == "CET" && tz.Offset == 3600) && !(tz.Zone == "CEST" && tz.Offset == 7200) {
		t.Errorf("timezone %+v, want Berlin's", tz)
	}
	var u []map[string]any
	do(t, ours, "guest-get-users", nil, &u)
	if len(u) != 2 || u[0]["user"] != "root" || u[0]["login-time"] != 1690000000.5 {
		t.Errorf("users %v, want root (earliest login) and alice", u)
	}
	for _, ns := range []int64{-1000000000, 3155760000000000000, 9223372036854775807} {
		sameError(t, ours, ref, "guest-set-time", map[string]any{"time": ns})
	}
	// A guest without utmp: goqga reads logind's sessions, qemu-ga has nobody.
	sh(t, g, "rm /run/utmp")
	put(t, g, "/run/systemd/sessions/4", []byte("UID=1000\nUSER=carol\nSTATE=active\nCLASS=user\nREALTIME=1700000400000001\n"))
	do(t, ours, "guest-get-users", nil, &u)
	if len(u) != 1 || u[0]["user"] != "carol" || u[0]["login-time"] != 1700000400.000001 {
		t.Errorf("users from logind %v, want carol", u)
	}
	put(t, g, "/run/utmp", guestUtmp())
}

// sameError: both agents refuse cmd with the same error.
func sameError(t *testing.T, ours, ref *client.Client, cmd string, args any) {
	t.Helper()
	a, err := ours.Call(cmd, args)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ref.Call(cmd, args)
	if err != nil {
		t.Fatal(err)
	}
	if a.Error == nil || b.Error == nil || *a.Error != *b.Error {
		t.Errorf("%s %v: goqga %s, qemu-ga %s", cmd, args, a.Raw, b.Raw)
	}
}

// guestClock is the guest's system clock and RTC, in seconds.
func guestClock(t *testing.T, g *Guest) (sys, rtc int64) {
	t.Helper()
	f := strings.Fields(sh(t, g, "date +%s; cat /sys/class/rtc/rtc0/since_epoch"))
	if len(f) != 2 {
		t.Fatalf("guest clocks: %q", f)
	}
	sys, _ = strconv.ParseInt(f[0], 10, 64)
	rtc, _ = strconv.ParseInt(f[1], 10, 64)
	return sys, rtc
}

func near(a, b int64) bool { return a-b < 30 && b-a < 30 }

// testSetTime: guest-set-time moves the guest's system clock and its RTC
// through the RTC ioctls (the guest's hwclock is moved out of the way
// first: qemu-ga would fail), and without a time sets the clock back
// from the RTC. The guest ends on the host's time.
func testSetTime(t *testing.T, g *Guest) {
	c := agent(t, g)
	sh(t, g, "mv /sbin/hwclock /sbin/hwclock.off")
	t.Cleanup(func() {
		c.Call("guest-set-time", map[string]any{"time": time.Now().UnixNano()})
		g.Ctl.Run("mv /sbin/hwclock.off /sbin/hwclock", time.Minute)
	})
	target := time.Now().Add(48 * time.Hour).Truncate(time.Second)
	do(t, c, "guest-set-time", map[string]any{"time": target.UnixNano()}, nil)
	sys, rtc := guestClock(t, g)
	if !near(sys, target.Unix()) || !near(rtc, target.Unix()) {
		t.Fatalf("after set-time %d: system clock %d, RTC %d", target.Unix(), sys, rtc)
	}
	var ns int64
	do(t, c, "guest-get-time", nil, &ns)
	if !near(ns/1e9, target.Unix()) {
		t.Fatalf("guest-get-time %d after setting %d", ns/1e9, target.Unix())
	}
	sh(t, g, fmt.Sprintf("date -s @%d", target.Add(-240*time.Hour).Unix())) // the system clock drifts away
	do(t, c, "guest-set-time", nil, nil)
	if sys, _ := guestClock(t, g); !near(sys, target.Unix()) {
		t.Fatalf("set-time without time: system clock %d, want the RTC's %d", sys, target.Unix())
	}
	// Without an RTC device node hwclock is the fallback: busybox's finds
	// no RTC either, and the error says the system clock was set anyway.
	sh(t, g, "mv /sbin/hwclock.off /sbin/hwclock && mv /dev/rtc0 /dev/rtc0.off")
	defer g.Ctl.Run("mv /dev/rtc0.off /dev/rtc0; mv /sbin/hwclock /sbin/hwclock.off", time.Minute)
	back := target.Add(time.Hour)
	refused(t, c, "guest-set-time", map[string]any{"time": back.UnixNano()}, "GenericError",
		"the system clock was set, but not the hardware clock: /sbin/hwclock -w failed")
	if sys, _ := guestClock(t, g); !near(sys, back.Unix()) {
		t.Fatalf("after the hwclock failure: system clock %d, want %d", sys, back.Unix())
	}
}

// timed calls cmd and fails unless it answers within a second.
func timed(t *testing.T, c *client.Client, cmd string) json.RawMessage {
	t.Helper()
	c.SetTimeout(time.Second)
	defer c.SetTimeout(30 * time.Second)
	start := time.Now()
	r, err := c.Call(cmd, nil)
	if err != nil || r.Error != nil {
		t.Fatalf("%s while frozen: %v %v", cmd, err, r)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("%s took %v while frozen", cmd, d)
	}
	return r.Return
}

// sysinfoReads are the commands allowed while frozen, with the files
// they read put on a data disk that the freeze really freezes.
var sysinfoReads = []string{"guest-get-time", "guest-get-host-name", "guest-get-timezone", "guest-get-osinfo",
	"guest-get-users", "guest-get-load"}

// testSysinfoWhileFrozen: the proof docs/FREEZE.md cites. os-release, the zone
// file and utmp live on /mnt/data0 (bind-mounted where the agents read
// them); with the ext4 disks frozen for real (a write to them blocks),
// every read-only sysinfo command answers within a second, the same as
// before the freeze, and guest-info lists them enabled; set-time is
// refused.
func testSysinfoWhileFrozen(t *testing.T, g *Guest) {
	for _, f := range []string{"/etc/os-release", "/etc/localtime", "/run/utmp"} {
		name := "/mnt/data0/frozen-" + strings.ReplaceAll(f[1:], "/", "-")
		sh(t, g, fmt.Sprintf("cp %s %s && mount --bind %s %s", f, name, name, f))
		t.Cleanup(func() { g.Ctl.Run("umount "+f, time.Minute) })
	}
	sh(t, g, "sync")
	c := agent(t, g)
	before := map[string]json.RawMessage{}
	for _, cmd := range sysinfoReads {
		before[cmd] = timed(t, c, cmd)
	}
	freeze(t, c)
	t.Cleanup(func() { c.Call("guest-fsfreeze-thaw", nil) })
	flag := blockedWrite(t, g, "frozen-reads")
	stillBlocked(t, g, flag)
	for _, cmd := range sysinfoReads {
		got := timed(t, c, cmd)
		if cmd != "guest-get-time" && cmd != "guest-get-load" && !cmp.Equal(string(got), string(before[cmd])) {
			t.Errorf("%s while frozen: %s, before: %s", cmd, got, before[cmd])
		}
	}
	var gi guestInfo
	do(t, c, "guest-info", nil, &gi)
	for _, cmd := range append(sysinfoReads, "guest-set-time") {
		if ci, _ := gi.find(cmd); ci.Enabled != (cmd != "guest-set-time") {
			t.Errorf("guest-info while frozen: %s enabled %v", cmd, ci.Enabled)
		}
	}
	refused(t, c, "guest-set-time", nil, "CommandNotFound", "guest-set-time")
	if exists(g, flag) {
		t.Fatal("a write to a frozen disk completed: the disks were not frozen")
	}
	thaw(t, c, dataDisks)
	eventually(t, 30*time.Second, "the blocked write completes after the thaw", func() bool { return exists(g, flag) })
}
