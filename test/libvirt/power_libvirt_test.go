//go:build libvirt

package libvirt

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// Kernel messages of each way down (printed despite "quiet").
var (
	kernelPowerDown = regexp.MustCompile(`reboot: Power down`)
	kernelRestart   = regexp.MustCompile(`reboot: Restarting system`)
)

// testSuspendMem: dompmsuspend mem (guest-suspend-ram) puts the domain
// in pmsuspended; dompmwakeup brings it back and the agent answers.
func testSuspendMem(t *testing.T, g *Guest) {
	virsh(t, g, "dompmsuspend", g.Name, "mem")
	if err := g.WaitState("pmsuspended", time.Minute); err != nil {
		t.Fatal(err)
	}
	virsh(t, g, "dompmwakeup", g.Name)
	if err := g.WaitState("running", time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := g.WaitAgent(time.Minute); err != nil {
		t.Fatal(err)
	}
	sh(t, g, "true")
}

func bootID(t *testing.T, g *Guest) string {
	t.Helper()
	return strings.TrimSpace(sh(t, g, "cat /proc/sys/kernel/random/boot_id"))
}

// testRebootAgent: reboot --mode agent restarts the guest (a new boot
// id, the kernel's restart message) and the domain keeps running.
func testRebootAgent(t *testing.T, g *Guest) {
	before := bootID(t, g)
	mark := g.Console.Offset()
	start := time.Now()
	virsh(t, g, "reboot", g.Name, "--mode", "agent")
	if _, _, err := g.Console.Wait(kernelRestart, mark, 2*time.Minute); err != nil {
		t.Fatal(err)
	}
	t.Logf("restarting after %v", time.Since(start).Round(time.Millisecond))
	if err := g.Reconnect(mark, bootTimeout); err != nil {
		t.Fatal(err)
	}
	t.Logf("agent answers libvirt after %v", time.Since(start).Round(time.Millisecond))
	if after := bootID(t, g); after == before {
		t.Fatalf("boot id %s unchanged: the guest did not reboot", after)
	}
	if s, err := g.State(); err != nil || s != "running" {
		t.Fatalf("domain state %q, %v after the reboot", s, err)
	}
}

// testShutdownAgent: shutdown --mode agent powers the guest off and the
// domain is shut off, by the guest ("shutdown" reason).
func testShutdownAgent(t *testing.T, g *Guest) {
	mark := g.Console.Offset()
	virsh(t, g, "shutdown", g.Name, "--mode", "agent")
	if err := g.WaitState("shut off", 2*time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, _, err := g.Console.Wait(kernelPowerDown, mark, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if out := virsh(t, g, "domstate", g.Name, "--reason"); !strings.Contains(out, "shut off (shutdown)") {
		t.Fatalf("domstate --reason: %q, want shut off (shutdown)", out)
	}
}
