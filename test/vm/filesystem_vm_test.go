//go:build vm

package vm

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

// withoutPrivileged drops total-bytes-privileged from an fsinfo reply
// (qemu-ga 7.2 predates it, 9.1) and the disks' serials; goqga's are
// checked on their own.
func withoutPrivileged(v any) any {
	list, _ := v.([]any)
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			delete(m, "total-bytes-privileged")
			withoutSerials(m["disk"])
		}
	}
	return v
}

// withoutSerials drops the serial of disk addresses: the guest runs no
// udev, so qemu-ga has none, and goqga reads a virtio disk's from sysfs.
func withoutSerials(v any) any {
	list, _ := v.([]any)
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			delete(m, "serial")
			if a, ok := m["address"].(map[string]any); ok {
				delete(a, "serial")
			}
		}
	}
	return v
}

// fsEntry is the part of an fsinfo entry the checks read.
type fsEntry struct {
	Name       string `json:"name"`
	Mountpoint string `json:"mountpoint"`
	Type       string `json:"type"`
	Used       *int64 `json:"used-bytes"`
	Total      *int64 `json:"total-bytes"`
	Privileged *int64 `json:"total-bytes-privileged"`
	Disk       []struct {
		BusType string         `json:"bus-type"`
		PCI     map[string]int `json:"pci-controller"`
		Dev     string         `json:"dev"`
		Serial  string         `json:"serial"`
	} `json:"disk"`
}

// testFilesystemSameAsQemuGA: goqga's guest-get-fsinfo and
// guest-get-disks equal Debian's qemu-ga 7.2's in the same guest, and
// describe the two ext4 data disks (virtio-blk on PCI, last mounted
// first, sizes with qemu-ga 9.1's total-bytes-privileged), with their
// serials where qemu-ga, without udev, has none; a bind mount is listed
// too, in mount order, by both.
func testFilesystemSameAsQemuGA(t *testing.T, g *Guest) {
	ours, ref := agent(t, g), refAgent(t, g)
	// A bind mount is listed as a filesystem of its own, in mount order.
	sh(t, g, "mkdir -p /tmp/bound && mount -o bind /mnt/data1 /tmp/bound")
	unbind := func() { g.Ctl.Run("umount /tmp/bound 2>/dev/null; true", time.Minute) }
	t.Cleanup(unbind) // later cases count the guest's filesystems
	var bound []fsEntry
	do(t, ours, "guest-get-fsinfo", nil, &bound)
	sameAnswer(t, ours, ref, "guest-get-fsinfo", nil, withoutPrivileged)
	unbind()
	if len(bound) != len(DefaultDisks)+1 || bound[0].Mountpoint != "/tmp/bound" || bound[0].Name != bound[1].Name {
		t.Errorf("with a bind mount of /mnt/data1, fsinfo lists %+v", bound)
	}
	sameAnswer(t, ours, ref, "guest-get-fsinfo", nil, withoutPrivileged)
	sameAnswer(t, ours, ref, "guest-get-disks", nil, withoutSerials)

	var fs []fsEntry
	do(t, ours, "guest-get-fsinfo", nil, &fs)
	if len(fs) != len(DefaultDisks) {
		t.Fatalf("fsinfo lists %d filesystems, want the %d data disks: %+v", len(fs), len(DefaultDisks), fs)
	}
	for i, e := range fs {
		d := DefaultDisks[len(DefaultDisks)-1-i] // last mounted first
		want := d.Mount
		if len(e.Disk) == 1 && e.Disk[0].Serial != d.Serial {
			t.Errorf("fsinfo %s: serial %q, want %q (the disk's sysfs serial)", want, e.Disk[0].Serial, d.Serial)
		}
		if e.Mountpoint != want || e.Type != "ext4" || e.Used == nil || e.Total == nil || e.Privileged == nil ||
			*e.Privileged < *e.Total || len(e.Disk) != 1 || e.Disk[0].BusType != "virtio" ||
			e.Disk[0].PCI["slot"] <= 0 || !strings.HasPrefix(e.Disk[0].Dev, "/dev/vd") {
			t.Errorf("fsinfo entry %d: %+v, want %s on a virtio disk with sizes", i, e, want)
		}
	}
}

// testFstrim: guest-fstrim issues FITRIM on the data disks (attached
// with discard=unmap) and reports the bytes trimmed.
func testFstrim(t *testing.T, g *Guest) {
	// Free some blocks the disk has really held.
	sh(t, g, "dd if=/dev/zero of=/mnt/data0/trimme bs=1M count=8 2>/dev/null && sync && rm /mnt/data0/trimme && sync")
	c := agent(t, g)
	var res struct {
		Paths []struct {
			Path    string `json:"path"`
			Trimmed *int64 `json:"trimmed"`
			Minimum *int64 `json:"minimum"`
			Error   string `json:"error"`
		} `json:"paths"`
	}
	do(t, c, "guest-fstrim", map[string]any{"minimum": 0}, &res)
	if len(res.Paths) != len(DefaultDisks) {
		t.Fatalf("fstrim paths %+v, want the %d data disks", res.Paths, len(DefaultDisks))
	}
	for i, p := range res.Paths {
		want := DefaultDisks[len(DefaultDisks)-1-i].Mount
		if p.Path != want || p.Error != "" || p.Trimmed == nil || *p.Trimmed <= 0 || p.Minimum == nil {
			t.Errorf("fstrim %s: trimmed %v, minimum %v, error %q; want %s trimmed", p.Path, p.Trimmed, p.Minimum, p.Error, want)
			continue
		}
		t.Logf("%s: trimmed %d bytes, minimum %d", p.Path, *p.Trimmed, *p.Minimum)
	}
}

// testFsinfoWhileFrozen: with both data disks really frozen (a guest
// write to one blocks), guest-get-fsinfo and guest-get-disks stay
// enabled and each answers within a second, with what they answer
// thawed; guest-fstrim is refused.
func testFsinfoWhileFrozen(t *testing.T, g *Guest) {
	c := agent(t, g)
	before := map[string]string{}
	for _, cmd := range []string{"guest-get-fsinfo", "guest-get-disks"} {
		before[cmd] = sizeless(t, c, cmd)
	}
	freeze(t, c)
	t.Cleanup(func() { c.Call("guest-fsfreeze-thaw", nil) }) // never leave the shared guest frozen
	flag := blockedWrite(t, g, "fsinfo")
	stillBlocked(t, g, flag)
	var gi guestInfo
	do(t, c, "guest-info", nil, &gi)
	for _, cmd := range []string{"guest-get-fsinfo", "guest-get-disks"} {
		if ci, _ := gi.find(cmd); !ci.Enabled {
			t.Errorf("guest-info while frozen: %s disabled", cmd)
		}
		var slowest time.Duration
		for range 3 {
			t0 := time.Now()
			got := sizeless(t, c, cmd)
			d := time.Since(t0)
			slowest = max(slowest, d)
			if d > time.Second {
				t.Errorf("%s took %v while frozen", cmd, d)
			}
			if got != before[cmd] {
				t.Errorf("%s while frozen:\n%s\nthawed:\n%s", cmd, got, before[cmd])
			}
		}
		t.Logf("%s while frozen: slowest of 3 answers %v", cmd, slowest.Round(time.Microsecond))
	}
	refused(t, c, "guest-fstrim", nil, "CommandNotFound", "guest-fstrim")
	if exists(g, flag) {
		t.Fatal("a write to a frozen disk completed")
	}
	thaw(t, c, dataDisks)
	eventually(t, 30*time.Second, "the blocked write completes after the thaw", func() bool { return exists(g, flag) })
}

// sizeless calls cmd and returns its answer as JSON without used-bytes
// (the blocked write may have allocated blocks before the freeze took).
func sizeless(t *testing.T, c *client.Client, cmd string) string {
	t.Helper()
	var v any
	do(t, c, cmd, nil, &v)
	if list, ok := v.([]any); ok {
		for _, e := range list {
			if m, ok := e.(map[string]any); ok {
				delete(m, "used-bytes")
			}
		}
	}
	b, _ := json.Marshal(v)
	return string(b)
}
