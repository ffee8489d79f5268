//go:build libvirt

package libvirt

import (
	"encoding/binary"
	"os"
	"strings"
	"testing"
	"time"
)

// dataDisks is how many filesystems a freeze counts: the guest's two
// ext4 disks (the initramfs root and pseudo filesystems are not frozen).
const dataDisks = 2

func freezeStatus(t *testing.T, g *Guest) string {
	t.Helper()
	var s string
	agentCmd(t, g, "guest-fsfreeze-status", nil, &s)
	return s
}

func fsCount(t *testing.T, g *Guest, args ...string) int {
	t.Helper()
	n, err := ParseFSCount(virsh(t, g, args...))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// startWrite starts a guest write to dir; its flag appears once done.
func startWrite(t *testing.T, g *Guest, dir, name string) string {
	t.Helper()
	flag, err := g.Ctl.StartWrite(dir, name)
	if err != nil {
		t.Fatal(err)
	}
	return flag
}

// hookRuns is what the guest's fsfreeze hook recorded since the last
// clearHook: "freeze thaw ...".
func hookRuns(t *testing.T, g *Guest) string {
	t.Helper()
	return strings.Join(strings.Fields(sh(t, g, "cat "+hookLog+" 2>/dev/null || true")), " ")
}

func clearHook(t *testing.T, g *Guest) { t.Helper(); sh(t, g, "rm -f "+hookLog) }

// testFreezeThaw: domfsfreeze freezes both disks (the agent reports
// frozen, guest writes wait, the hook ran), domfsthaw undoes it.
func testFreezeThaw(t *testing.T, g *Guest) {
	clearHook(t, g)
	if s := freezeStatus(t, g); s != "thawed" {
		t.Fatalf("status %q before freezing", s)
	}
	if n := fsCount(t, g, "domfsfreeze", g.Name); n != dataDisks {
		t.Fatalf("domfsfreeze froze %d filesystems, want %d", n, dataDisks)
	}
	t.Cleanup(func() { g.Virsh("domfsthaw", g.Name) }) // never leave the domain frozen
	if s := freezeStatus(t, g); s != "frozen" {
		t.Fatalf("the agent reports %q after domfsfreeze", s)
	}
	if h := hookRuns(t, g); h != "freeze" {
		t.Fatalf("fsfreeze hook ran %q, want freeze", h)
	}
	flag0 := startWrite(t, g, "/mnt/data0", "frozen0")
	flag1 := startWrite(t, g, "/mnt/data1", "frozen1")
	time.Sleep(2 * time.Second)
	if g.Ctl.Exists(flag0) || g.Ctl.Exists(flag1) {
		t.Fatal("a write to a frozen disk completed")
	}
	if n := fsCount(t, g, "domfsthaw", g.Name); n != dataDisks {
		t.Fatalf("domfsthaw thawed %d filesystems, want %d", n, dataDisks)
	}
	if s := freezeStatus(t, g); s != "thawed" {
		t.Fatalf("the agent reports %q after domfsthaw", s)
	}
	eventually(t, 30*time.Second, "the blocked writes complete after the thaw", func() bool {
		return g.Ctl.Exists(flag0) && g.Ctl.Exists(flag1)
	})
	if h := hookRuns(t, g); h != "freeze thaw" {
		t.Fatalf("fsfreeze hook ran %q, want freeze thaw", h)
	}
}

// testFreezeMountpoint: domfsfreeze --mountpoint freezes that disk only
// (guest-fsfreeze-freeze-list).
func testFreezeMountpoint(t *testing.T, g *Guest) {
	if n := fsCount(t, g, "domfsfreeze", g.Name, "--mountpoint", "/mnt/data1"); n != 1 {
		t.Fatalf("domfsfreeze --mountpoint /mnt/data1 froze %d filesystems, want 1", n)
	}
	t.Cleanup(func() { g.Virsh("domfsthaw", g.Name) })
	if s := freezeStatus(t, g); s != "frozen" {
		t.Fatalf("the agent reports %q after domfsfreeze --mountpoint", s)
	}
	flag0 := startWrite(t, g, "/mnt/data0", "free0")
	flag1 := startWrite(t, g, "/mnt/data1", "list1")
	eventually(t, 30*time.Second, "a write to the disk not listed completes", func() bool { return g.Ctl.Exists(flag0) })
	if g.Ctl.Exists(flag1) {
		t.Fatal("a write to the frozen /mnt/data1 completed")
	}
	if n := fsCount(t, g, "domfsthaw", g.Name); n != 1 {
		t.Fatalf("domfsthaw thawed %d filesystems, want 1", n)
	}
	eventually(t, 30*time.Second, "the blocked write completes after the thaw", func() bool { return g.Ctl.Exists(flag1) })
}

// qcow2Magic starts every qcow2 image ("QFI\xfb").
const qcow2Magic = 0x514649fb

// testSnapshotQuiesce: snapshot-create-as --disk-only --quiesce freezes
// through the agent (the hook ran freeze then thaw), switches both disks
// to new qcow2 overlays, and leaves the guest thawed and writing.
func testSnapshotQuiesce(t *testing.T, g *Guest) {
	clearHook(t, g)
	virsh(t, g, "snapshot-create-as", g.Name, "quiesced", "--disk-only", "--quiesce", "--atomic", "--no-metadata")
	if h := hookRuns(t, g); h != "freeze thaw" {
		t.Fatalf("fsfreeze hook ran %q during the quiesced snapshot, want freeze thaw", h)
	}
	if s := freezeStatus(t, g); s != "thawed" {
		t.Fatalf("the agent reports %q after the snapshot", s)
	}
	out := virsh(t, g, "domblklist", g.Name)
	for _, img := range g.Files.Disks {
		overlay := strings.TrimSuffix(img, ".img") + ".quiesced"
		if !strings.Contains(out, overlay) {
			t.Errorf("domblklist does not show the overlay %s:\n%s", overlay, out)
			continue
		}
		b, err := os.ReadFile(overlay)
		if err != nil || len(b) < 4 || binary.BigEndian.Uint32(b) != qcow2Magic {
			t.Errorf("%s is not a qcow2 image (%v)", overlay, err)
		}
	}
	sh(t, g, "echo after > /mnt/data0/after-snapshot && sync")
}
