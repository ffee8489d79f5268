//go:build vm

package vm

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
)

// testSuspendRAM: S3 for real: QEMU sees the guest suspended, wakes it,
// and the agent answers again.
func testSuspendRAM(t *testing.T, g *Guest) {
	c := agent(t, g)
	mark := g.QMP.Mark()
	r, err := c.CallNoReply("guest-suspend-ram", nil, 3*time.Second)
	if err != nil || r != nil {
		t.Fatalf("guest-suspend-ram: reply %v, %v; want none", r, err)
	}
	if _, err := g.QMP.WaitEvent("SUSPEND", mark, time.Minute); err != nil {
		t.Fatal(err)
	}
	if s, err := g.QMP.Status(10 * time.Second); err != nil || s != "suspended" {
		t.Fatalf("query-status: %q, %v; want suspended", s, err)
	}
	if _, err := g.QMP.Execute("system_wakeup", nil, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := g.QMP.WaitEvent("WAKEUP", mark, time.Minute); err != nil {
		t.Fatal(err)
	}
	if s, err := g.QMP.Status(10 * time.Second); err != nil || s != "running" {
		t.Fatalf("query-status after wakeup: %q, %v", s, err)
	}
	c.SetTimeout(time.Minute)
	if err := c.Sync(); err != nil {
		t.Fatalf("the agent does not answer after resume: %v", err)
	}
	do(t, c, "guest-ping", nil, nil)
}

// Kernel messages of each way down (pr_emerg: printed despite "quiet"),
// and busybox init's, which only a shutdown program leads to.
var (
	kernelPowerDown = regexp.MustCompile(`reboot: Power down`)
	kernelRestart   = regexp.MustCompile(`reboot: Restarting system`)
	kernelHalted    = regexp.MustCompile(`reboot: System halted`)
	initGoingDown   = "The system is going down"
)

type shutdownEvent struct {
	Guest  bool   `json:"guest"`
	Reason string `json:"reason"`
}

// TestShutdown boots a guest per way down; two run at a time.
func TestShutdown(t *testing.T) {
	for _, tc := range []struct {
		name    string
		mode    string // "" like Proxmox: no mode, powerdown
		noTools bool
	}{
		{name: "powerdown", mode: ""},
		{name: "reboot", mode: "reboot"},
		{name: "halt", mode: "halt"},
		{name: "powerdown-without-shutdown-programs", mode: "powerdown", noTools: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := boot(t, func(c *GuestConfig) { c.NoTools, c.NoLinks = tc.noTools, tc.noTools })
			c := agent(t, g)
			if tc.noTools {
				sh(t, g, "! test -e /sbin/poweroff && ! test -e /sbin/shutdown && ! test -e /dev/virtio-ports")
			}
			var args any
			if tc.mode != "" {
				args = map[string]string{"mode": tc.mode}
			}
			mark, since := g.QMP.Mark(), g.Console.Offset()
			r, err := c.CallNoReply("guest-shutdown", args, 2*time.Second)
			if err != nil || r != nil {
				t.Fatalf("guest-shutdown: reply %v, %v; want none", r, err)
			}
			c.Close() // QEMU serves one host at a time: later checks dial again
			switch tc.mode {
			case "", "powerdown":
				wantShutdown(t, g, mark, since, tc.noTools)
			case "reboot":
				wantReboot(t, g, mark, since)
			case "halt":
				wantHalt(t, g, mark, since)
			}
		})
	}
}

func wantShutdown(t *testing.T, g *Guest, mark int, since int64, noTools bool) {
	ev, err := g.QMP.WaitEvent("SHUTDOWN", mark, 2*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var d shutdownEvent
	if err := json.Unmarshal(ev.Data, &d); err != nil || !d.Guest || d.Reason != "guest-shutdown" {
		t.Fatalf("SHUTDOWN %s, want guest true, reason guest-shutdown", ev.Data)
	}
	if _, _, err := g.Console.Wait(kernelPowerDown, since, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	wentThroughInit := strings.Contains(g.Console.Since(since), initGoingDown)
	if noTools == wentThroughInit {
		t.Fatalf("busybox init's %q on the console: %v; the guest has shutdown programs: %v",
			initGoingDown, wentThroughInit, !noTools)
	}
	if s, err := g.QMP.Status(10 * time.Second); err != nil || s != "shutdown" {
		t.Fatalf("query-status: %q, %v; want shutdown", s, err)
	}
}

func wantReboot(t *testing.T, g *Guest, mark int, since int64) {
	if _, err := g.QMP.WaitEvent("RESET", mark, 2*time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, _, err := g.Console.Wait(kernelRestart, since, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, _, err := g.Console.Wait(MarkAgentStarted, since, bootTimeout); err != nil {
		t.Fatal(err)
	}
	c := agent(t, g)
	do(t, c, "guest-ping", nil, nil)
	if evs := g.QMP.Events(mark); contains(evs, "SHUTDOWN") {
		t.Fatalf("reboot: QMP events %v, want no SHUTDOWN", evs)
	}
}

func wantHalt(t *testing.T, g *Guest, mark int, since int64) {
	if _, _, err := g.Console.Wait(kernelHalted, since, 2*time.Minute); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	if evs := g.QMP.Events(mark); contains(evs, "SHUTDOWN") || contains(evs, "RESET") {
		t.Fatalf("halt: QMP events %v, want neither SHUTDOWN nor RESET", evs)
	}
	if s, err := g.QMP.Status(10 * time.Second); err != nil || s != "running" {
		t.Fatalf("query-status after halt: %q, %v; want running (a halted CPU loop)", s, err)
	}
	c := rawAgent(t, g)
	c.SetTimeout(3 * time.Second)
	if err := c.Sync(); err == nil {
		t.Fatal("the agent still answers after halt")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
