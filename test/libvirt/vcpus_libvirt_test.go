//go:build libvirt

package libvirt

import (
	"strings"
	"testing"
)

// guestOnline is the guest's online CPU list (sysfs).
func guestOnline(t *testing.T, g *Guest) string {
	t.Helper()
	return strings.TrimSpace(sh(t, g, "cat /sys/devices/system/cpu/online"))
}

// testVCPUs: guestvcpus lists the guest's two vCPUs, vCPU 1 offlinable;
// setvcpus 1 --guest takes vCPU 1 offline in the guest's sysfs, and
// guestvcpus --enable brings it back.
func testVCPUs(t *testing.T, g *Guest) {
	kv, err := ParseKeyValues(virsh(t, g, "guestvcpus", g.Name))
	if err != nil {
		t.Fatal(err)
	}
	wantKV(t, "guestvcpus", kv, map[string]string{"vcpus": "0-1", "online": "0-1"})
	if !strings.Contains(kv["offlinable"], "1") {
		t.Fatalf("guestvcpus: vCPU 1 not offlinable: %v", kv)
	}
	t.Cleanup(func() { g.Virsh("guestvcpus", g.Name, "--cpulist", "1", "--enable") })
	virsh(t, g, "setvcpus", g.Name, "1", "--guest")
	if on := guestOnline(t, g); on != "0" {
		t.Fatalf("after setvcpus 1 --guest the guest has CPUs %q online, want 0", on)
	}
	kv, err = ParseKeyValues(virsh(t, g, "guestvcpus", g.Name))
	if err != nil {
		t.Fatal(err)
	}
	wantKV(t, "guestvcpus after setvcpus", kv, map[string]string{"online": "0"})
	virsh(t, g, "guestvcpus", g.Name, "--cpulist", "1", "--enable")
	if on := guestOnline(t, g); on != "0-1" {
		t.Fatalf("after guestvcpus --enable the guest has CPUs %q online, want 0-1", on)
	}
}
