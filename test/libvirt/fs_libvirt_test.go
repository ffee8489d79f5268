//go:build libvirt

package libvirt

import (
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goqga/goqga/test/vm"
)

// guestDevs maps each data disk's serial to its device name in the guest
// (vda, ...), read from sysfs through the control shell.
func guestDevs(t *testing.T, g *Guest) map[string]string {
	t.Helper()
	out := sh(t, g, "for s in /sys/block/vd*/serial; do d=${s%/serial}; echo ${d##*/} $(cat $s); done")
	devs := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if f := strings.Fields(line); len(f) == 2 {
			devs[f[1]] = f[0]
		}
	}
	return devs
}

// target is the libvirt target (vda, ...) of the domain's disk serial.
func target(serial string) string {
	for i, d := range vm.DefaultDisks {
		if d.Serial == serial {
			return "vd" + string(rune('a'+i))
		}
	}
	return ""
}

// testFSInfo: domfsinfo lists each data disk's mountpoint with the
// guest's device name, ext4, and the domain's disk target: libvirt finds
// the target only from a correct disk address in the agent's reply.
func testFSInfo(t *testing.T, g *Guest) {
	devs := guestDevs(t, g)
	rows, err := ParseTable(virsh(t, g, "domfsinfo", g.Name), 4)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range vm.DefaultDisks {
		want := []string{d.Mount, devs[d.Serial], "ext4", target(d.Serial)}
		found := false
		for _, r := range rows {
			found = found || strings.Join(r, " ") == strings.Join(want, " ")
		}
		if !found {
			t.Errorf("domfsinfo has no row %q: %q", want, rows)
		}
	}
}

// fsInfo is guestinfo --filesystem's entry for a mountpoint.
func fsInfo(t *testing.T, g *Guest, mount string) map[string]string {
	t.Helper()
	kv, err := ParseKeyValues(virsh(t, g, "guestinfo", g.Name, "--filesystem"))
	if err != nil {
		t.Fatal(err)
	}
	return Group(kv, "fs.", "mountpoint", mount)
}

// testGuestinfoFilesystem: guestinfo --filesystem gives each data disk
// its type, its disk (alias = the domain's target, which libvirt finds
// from the agent's PCI address), and used-bytes that grow by what the
// guest writes. goqga also gives the disk's serial, read from sysfs;
// qemu-ga reads serials from udev's database only, and the guest runs
// no udev (docs/FILESYSTEM.md).
func testGuestinfoFilesystem(t *testing.T, g *Guest) {
	before := fsInfo(t, g, "/mnt/data0")
	if before == nil {
		t.Fatal("guestinfo --filesystem has no /mnt/data0")
	}
	if before["fstype"] != "ext4" || before["disk.count"] != "1" || before["disk.0.alias"] != target("data0") {
		t.Fatalf("guestinfo --filesystem /mnt/data0: %v", before)
	}
	if *agentFlag == "goqga" && before["disk.0.serial"] != "data0" {
		t.Fatalf("guestinfo --filesystem /mnt/data0: serial %q, want data0", before["disk.0.serial"])
	}
	sh(t, g, "dd if=/dev/zero of=/mnt/data0/fill bs=1M count=8 2>/dev/null && sync")
	defer sh(t, g, "rm -f /mnt/data0/fill && sync")
	after := fsInfo(t, g, "/mnt/data0")
	used0, err0 := strconv.ParseUint(before["used-bytes"], 10, 64)
	used1, err1 := strconv.ParseUint(after["used-bytes"], 10, 64)
	total, err2 := strconv.ParseUint(after["total-bytes"], 10, 64)
	if err0 != nil || err1 != nil || err2 != nil || used1 < used0+8<<20 || used1 > total {
		t.Fatalf("used-bytes %s -> %s (total %s) after writing 8 MiB", before["used-bytes"], after["used-bytes"], after["total-bytes"])
	}
}

// testGuestinfoDisk: guestinfo --disk lists each data disk by its guest
// path, not a partition, with the domain's target as alias.
func testGuestinfoDisk(t *testing.T, g *Guest) {
	devs := guestDevs(t, g)
	kv, err := ParseKeyValues(virsh(t, g, "guestinfo", g.Name, "--disk"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range vm.DefaultDisks {
		disk := Group(kv, "disk.", "name", "/dev/"+devs[d.Serial])
		if disk == nil || disk["alias"] != target(d.Serial) || disk["partition"] != "no" {
			t.Errorf("guestinfo --disk for %s: %v (all: %v)", d.Serial, disk, kv)
		}
	}
}

// allocated is how many bytes of a host file are allocated (not holes).
func allocated(t *testing.T, path string) int64 {
	t.Helper()
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		t.Fatal(err)
	}
	return st.Blocks * 512
}

// testFSTrim: domfstrim makes the guest's freed blocks holes in the
// host's image again (discard='unmap').
func testFSTrim(t *testing.T, g *Guest) {
	img := g.Files.Disks[0]
	sh(t, g, "dd if=/dev/urandom of=/mnt/data0/trimme bs=1M count=16 2>/dev/null && sync && rm /mnt/data0/trimme && sync")
	full := allocated(t, img)
	virsh(t, g, "domfstrim", g.Name)
	var now int64
	eventually(t, 30*time.Second, "the image shrinks", func() bool {
		now = allocated(t, img)
		return now <= full-8<<20
	})
	t.Logf("%s: %d KiB allocated before domfstrim, %d KiB after", img, full>>10, now>>10)
}
