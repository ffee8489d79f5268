package blackbox

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goqga/goqga/client"
)

// The default simulated guest answers every read-only command.
func TestSysinfoSimDefault(t *testing.T) {
	c := start(t).dial()
	write(t, c, `{"execute":"guest-get-host-name"}`, `{"execute":"guest-get-timezone"}`, `{"execute":"guest-get-osinfo"}`,
		`{"execute":"guest-get-users"}`, `{"execute":"guest-get-load"}`)
	expect(t, c, `{"return":{"host-name":"sim-guest"}}`,
		`{"return":{"zone":"UTC","offset":0}}`,
		`{"return":{"kernel-release":"6.1.0-sim-amd64","kernel-version":"#1 SMP PREEMPT_DYNAMIC Debian 6.1.0-1","machine":"x86_64",`+
			`"id":"debian","name":"Debian GNU/Linux","pretty-name":"Debian GNU/Linux 12 (bookworm)","version":"12 (bookworm)","version-id":"12"}}`,
		`{"return":[{"user":"root","login-time":1690000000.5}]}`,
		`{"return":{"load1m":0.25,"load5m":0.5,"load15m":0.75}}`)
}

// A configured guest: its clock, its zone, its os-release fallback with
// single quotes, users from logind when it has no utmp; set-time moves
// the simulated clock and RTC and journals each step.
func TestSysinfoSimConfig(t *testing.T) {
	world := writeWorld(t, `{"sysinfo":{"time":1500000000000000000,"rtc":1400000000000000000,"host-name":"h",
		"zone":{"name":"CET","offset":3600},"uname":{"release":"r","version":"v","machine":"aarch64"},
		"usr-lib-os-release":"NAME='Fedora Linux'\nVARIANT_ID=cloud # comment\n",
		"sessions":[{"user":"bob","sec":1700000000,"usec":5},{"user":"alice","sec":1600000000},{"user":"bob","sec":1650000000}]}}`)
	a, j := startJournaled(t, "--sim-config", world)
	c := a.dial()
	write(t, c, `{"execute":"guest-get-osinfo"}`, `{"execute":"guest-get-users"}`, `{"execute":"guest-get-timezone"}`)
	expect(t, c, `{"return":{"kernel-release":"r","kernel-version":"v","machine":"aarch64","name":"Fedora Linux","variant-id":"cloud"}}`,
		`{"return":[{"user":"bob","login-time":1650000000},{"user":"alice","login-time":1600000000}]}`,
		`{"return":{"zone":"CET","offset":3600}}`)
	if d := simTime(t, c) - 1500000000e9; d < 0 || d > int64(time.Minute) {
		t.Fatalf("the simulated clock is %d ns past its start", d)
	}
	write(t, c, `{"execute":"guest-set-time"}`)
	expect(t, c, `{"return":{}}`)
	if d := simTime(t, c) - 1400000000e9; d < 0 || d > int64(time.Minute) {
		t.Fatalf("set from the RTC, the clock is %d ns past it", d)
	}
	write(t, c, `{"execute":"guest-set-time","arguments":{"time":1796637458123456789}}`,
		`{"execute":"guest-set-time","arguments":{"time":-100000000000000}}`,
		`{"execute":"guest-set-time","arguments":{"time":-1000000000}}`)
	// 1969 in CET is Invalid time; one second before the epoch is 1970 there,
	// and settimeofday's error, as qemu-ga answers.
	expect(t, c, `{"return":{}}`, `{"error":{"class":"GenericError","desc":"Invalid time"}}`,
		`{"error":{"class":"GenericError","desc":"Failed to set time to guest: Invalid argument"}}`)
	if d := simTime(t, c) - 1796637458123456789; d < 0 || d > int64(time.Minute) {
		t.Fatalf("set, the clock is %d ns past it", d)
	}
	got := j.lines(t)
	if len(got) != 4 || !strings.HasPrefix(got[0], `{"op":"rtc-read","time":14000000`) ||
		!strings.HasPrefix(got[1], `{"op":"set-time","time":14000000`) ||
		got[2] != `{"op":"set-time","time":1796637458123456789}` || got[3] != `{"op":"rtc-write","time":1796637458000000000}` {
		t.Fatalf("journal %q", got)
	}
}

func simTime(t *testing.T, c *client.Client) int64 {
	t.Helper()
	write(t, c, `{"execute":"guest-get-time"}`)
	line := reply(t, c)
	ns, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(line, `{"return":`), "}"), 10, 64)
	if err != nil {
		t.Fatalf("guest-get-time: %s", line)
	}
	return ns
}

// set-time is refused while frozen; the read-only commands answer.
func TestSysinfoFrozen(t *testing.T) {
	c := start(t).dial()
	write(t, c, `{"execute":"guest-fsfreeze-freeze"}`, `{"execute":"guest-set-time"}`, `{"execute":"guest-get-host-name"}`,
		`{"execute":"guest-fsfreeze-thaw"}`)
	expect(t, c, `{"return":3}`,
		`{"error":{"class":"CommandNotFound","desc":"Command guest-set-time has been disabled: the agent is in frozen state"}}`,
		`{"return":{"host-name":"sim-guest"}}`, `{"return":3}`)
}

// answerOf asks sock for cmd and decodes its return.
func answerOf(t *testing.T, sock, cmd string) any {
	t.Helper()
	c, err := client.Dial("unix", sock, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var raw json.RawMessage
	if err := c.Do(cmd, nil, &raw); err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSysinfoMatchesQemuGA: on this machine, every read-only sysinfo
// command answers as Debian's qemu-ga 7.2 does: host name, zone, osinfo
// and users exactly, the time within a second, and the load (which 7.2
// lacks) as /proc/loadavg says around the call. Both only read.
func TestSysinfoMatchesQemuGA(t *testing.T) {
	needQemuGA(t)
	theirs := startQemuGA(t)
	ours := start(t, "--os", "linux", "-b", dangerous).sock
	for _, cmd := range []string{"guest-get-host-name", "guest-get-timezone", "guest-get-osinfo", "guest-get-users"} {
		if d := cmp.Diff(answerOf(t, theirs, cmd), answerOf(t, ours, cmd)); d != "" {
			t.Errorf("%s differs from qemu-ga (-qemu-ga +goqga):\n%s", cmd, d)
		}
	}
	before := answerOf(t, theirs, "guest-get-time").(float64)
	now := answerOf(t, ours, "guest-get-time").(float64)
	after := answerOf(t, theirs, "guest-get-time").(float64)
	if now < before-1e3 || now > after+1e3 { // qemu-ga rounds down to microseconds
		t.Errorf("guest-get-time %f, not between qemu-ga's %f and %f", now, before, after)
	}
	if now-before > 1e9 {
		t.Errorf("guest-get-time %f is %v after qemu-ga's", now, time.Duration(now-before))
	}
	for range 3 { // the kernel updates the averages every 5 s: retry a change mid-call
		was := loadavg(t)
		got := answerOf(t, ours, "guest-get-load").(map[string]any)
		if cmp.Equal(was, got) || cmp.Equal(loadavg(t), got) {
			return
		}
		t.Logf("guest-get-load %v, /proc/loadavg %v", got, was)
	}
	t.Error("guest-get-load never matched /proc/loadavg")
}

func loadavg(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	out := map[string]any{}
	for i, k := range []string{"load1m", "load5m", "load15m"} {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			t.Fatal(err)
		}
		out[k] = v
	}
	return out
}

// A hung os-release read (a hung filesystem under /etc) is bounded by its
// deadline: guest-get-osinfo answers the kernel's fields after it, the
// ping behind it right after, and the next osinfo at once (the stuck read
// is not started again).
func TestSysinfoHungRead(t *testing.T) {
	c := start(t, "--faults", "os.os_release=hang*1").dial()
	c.SetTimeout(15 * time.Second)
	start := time.Now()
	write(t, c, `{"execute":"guest-get-osinfo"}`, `{"execute":"guest-ping"}`)
	kernel := `{"return":{"kernel-release":"6.1.0-sim-amd64","kernel-version":"#1 SMP PREEMPT_DYNAMIC Debian 6.1.0-1","machine":"x86_64"}}`
	expect(t, c, kernel, `{"return":{}}`)
	if d := time.Since(start); d < 4*time.Second || d > 10*time.Second {
		t.Fatalf("the hung read was given up after %v, want its 5 s deadline", d)
	}
	start = time.Now()
	write(t, c, `{"execute":"guest-get-osinfo"}`)
	expect(t, c, kernel)
	if d := time.Since(start); d > time.Second {
		t.Fatalf("the second osinfo waited %v for the stuck read", d)
	}
}
