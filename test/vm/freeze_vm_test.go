//go:build vm

package vm

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

// dataDisks is how many real filesystems the guest has: the initramfs
// root and the pseudo filesystems are not frozen.
var dataDisks = len(DefaultDisks)

// blockedWrite starts a write to a data disk in the guest's background;
// it finishes (and creates flag) only once the disk is thawed.
func blockedWrite(t *testing.T, g *Guest, name string) (flag string) {
	t.Helper()
	flag, err := g.Ctl.StartWrite("/mnt/data0", name)
	if err != nil {
		t.Fatal(err)
	}
	return flag
}

func exists(g *Guest, path string) bool { return g.Ctl.Exists(path) }

// stillBlocked checks, for a while, that the write behind flag waits.
func stillBlocked(t *testing.T, g *Guest, flag string) {
	t.Helper()
	time.Sleep(2 * time.Second)
	if exists(g, flag) {
		t.Fatalf("a write to a frozen disk completed (%s)", flag)
	}
}

func freezeStatus(t *testing.T, c *client.Client) string {
	t.Helper()
	var s string
	do(t, c, "guest-fsfreeze-status", nil, &s)
	return s
}

func freeze(t *testing.T, c *client.Client) {
	t.Helper()
	var n int
	do(t, c, "guest-fsfreeze-freeze", nil, &n)
	if n != dataDisks {
		t.Fatalf("guest-fsfreeze-freeze froze %d filesystems, want the %d data disks", n, dataDisks)
	}
}

func thaw(t *testing.T, c *client.Client, want int) {
	t.Helper()
	var n int
	do(t, c, "guest-fsfreeze-thaw", nil, &n)
	if n != want {
		t.Fatalf("guest-fsfreeze-thaw thawed %d filesystems, want %d", n, want)
	}
}

// testFreeze: the real freeze ioctl on ext4 disks: guest writes wait, only the
// allowed commands run, thaw counts the same disks and releases writes.
func testFreeze(t *testing.T, g *Guest) {
	c := agent(t, g)
	if s := freezeStatus(t, c); s != "thawed" {
		t.Fatalf("status %q before freezing", s)
	}
	freeze(t, c)
	t.Cleanup(func() { c.Call("guest-fsfreeze-thaw", nil) }) // never leave the shared guest frozen
	if s := freezeStatus(t, c); s != "frozen" {
		t.Fatalf("status %q after freezing", s)
	}
	flag := blockedWrite(t, g, "freeze")
	stillBlocked(t, g, flag)

	do(t, c, "guest-ping", nil, nil)
	var gi guestInfo
	do(t, c, "guest-info", nil, &gi)
	for name, enabled := range map[string]bool{"guest-ping": true, "guest-fsfreeze-thaw": true, "guest-file-open": false, "guest-shutdown": false} {
		if ci, _ := gi.find(name); ci.Enabled != enabled {
			t.Errorf("guest-info while frozen: %s enabled %v, want %v", name, ci.Enabled, enabled)
		}
	}
	refused(t, c, "guest-file-open", map[string]any{"path": "/mnt/data0/x", "mode": "w"}, "CommandNotFound", "guest-file-open")
	refused(t, c, "guest-fsfreeze-freeze", nil, "CommandNotFound", "guest-fsfreeze-freeze")
	refused(t, c, "guest-shutdown", nil, "CommandNotFound", "guest-shutdown")
	if exists(g, flag) {
		t.Fatal("a write to a frozen disk completed")
	}

	thaw(t, c, dataDisks)
	eventually(t, 30*time.Second, "the blocked write completes after the thaw", func() bool { return exists(g, flag) })
	if s := freezeStatus(t, c); s != "thawed" {
		t.Fatalf("status %q after thawing", s)
	}
	if out := sh(t, g, "cat /mnt/data0/freeze"); strings.TrimSpace(out) != "freeze" {
		t.Fatalf("the written file holds %q", out)
	}
	thaw(t, c, 0) // nothing frozen: 0, as qemu-ga
}

// restartAgent kills the guest's agent (SIGKILL: no thaw before exit)
// and waits until init has started a new one.
func restartAgent(t *testing.T, g *Guest) {
	t.Helper()
	pid, err := g.AgentPID()
	if err != nil || pid == 0 {
		t.Fatalf("agent pid: %d, %v", pid, err)
	}
	since := g.Console.Offset()
	sh(t, g, fmt.Sprintf("kill -9 %d", pid))
	if _, _, err := g.Console.Wait(MarkAgentExited, since, time.Minute); err != nil {
		t.Fatal(err)
	}
	m, _, err := g.Console.Wait(MarkAgentStarted, since, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if m[1] == fmt.Sprint(pid) {
		t.Fatalf("the agent was not restarted (pid %d)", pid)
	}
}

// testKilledWhileFrozen: the agent dies with the disks frozen; init
// restarts it; the new agent knows (its state file) and thaws them.
func testKilledWhileFrozen(t *testing.T, g *Guest) {
	c := agent(t, g)
	freeze(t, c)
	t.Cleanup(func() {
		if c, err := g.DialAgent(time.Minute); err == nil {
			c.Call("guest-fsfreeze-thaw", nil)
			c.Close()
		}
	})
	flag := blockedWrite(t, g, "killed")
	c.Close()
	restartAgent(t, g)
	c = agent(t, g)
	if s := freezeStatus(t, c); s != "frozen" {
		t.Fatalf("the restarted agent reports %q", s)
	}
	refused(t, c, "guest-file-open", map[string]any{"path": "/mnt/data0/x", "mode": "w"}, "CommandNotFound", "guest-file-open")
	stillBlocked(t, g, flag)
	thaw(t, c, dataDisks)
	eventually(t, 30*time.Second, "the blocked write completes after the thaw", func() bool { return exists(g, flag) })
	if s := freezeStatus(t, c); s != "thawed" {
		t.Fatalf("status %q after thawing", s)
	}
}

// testWatchdog: a host that never thaws; the agent (restarted with a 5 s
// --freeze-timeout) thaws the real disks by itself.
func testWatchdog(t *testing.T, g *Guest) {
	args := strings.Join(append(append([]string{}, prepared.Guest.AgentArgs...), "--freeze-timeout", "5s"), " ")
	sh(t, g, "echo '"+args+"' > /run/goqga/args")
	restartAgent(t, g)
	t.Cleanup(func() {
		g.Ctl.Run("rm -f /run/goqga/args", time.Minute)
		restartAgent(t, g)
	})
	c := agent(t, g)
	freeze(t, c)
	frozenAt := time.Now()
	flag := blockedWrite(t, g, "watchdog")
	eventually(t, time.Minute, "the watchdog thaws the disks", func() bool { return exists(g, flag) })
	if d := time.Since(frozenAt); d < 4*time.Second {
		t.Fatalf("the disks were thawed after %v, before the 5 s timeout", d)
	}
	if s := freezeStatus(t, c); s != "thawed" {
		t.Fatalf("status %q after the watchdog", s)
	}
	thaw(t, c, 0)
}
