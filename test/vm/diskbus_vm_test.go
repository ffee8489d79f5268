//go:build vm

package vm

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// diskBuses are the controllers TestDiskBuses attaches, one disk each,
// and the address qemu-ga's rules give it ("bus-type pci bus/target/unit").
var diskBuses = []struct {
	id   string
	qemu []string // the controller (if any) and the disk, %s the image
	want string
}{
	{"scsi", []string{"-device", "virtio-scsi-pci,id=scsi0,addr=0x10", "-device", "scsi-hd,drive=%s,bus=scsi0.0,channel=0,scsi-id=1,lun=3"},
		"scsi 0000:00:10.0 0/0/3"},
	{"sata", []string{"-device", "ahci,id=ahci0,addr=0x11", "-device", "ide-hd,drive=%s,bus=ahci0.2"}, "sata 0000:00:11.0 0/0/2"},
	{"ide", []string{"-device", "ide-hd,drive=%s,bus=ide.1,unit=1"}, "ide 0000:00:01.1 1/0/1"},
	{"nvme", []string{"-device", "nvme,drive=%s,serial=nvme0,addr=0x12"}, "nvme 0000:00:12.0 0/0/0"},
	{"usb", []string{"-device", "qemu-xhci,id=xhci,addr=0x13", "-device", "usb-storage,drive=%s,bus=xhci.0"}, "usb 0000:00:13.0 0/0/0"},
}

// TestDiskBuses boots a guest with a disk on each controller qemu-ga
// knows besides virtio-blk and compares goqga's guest-get-disks with
// Debian's qemu-ga 7.2's in that guest (the NVMe disk's SMART log
// included): the sysfs paths of a real kernel, where os/blockdev's tests
// have samples.
func TestDiskBuses(t *testing.T) {
	dir := t.TempDir()
	var args []string
	for _, b := range diskBuses {
		img := filepath.Join(dir, b.id+".img")
		if err := os.WriteFile(img, nil, 0o644); err != nil || os.Truncate(img, 8<<20) != nil {
			t.Fatal(err)
		}
		args = append(args, "-drive", "file="+img+",if=none,id=bus"+b.id+",format=raw")
		for _, a := range b.qemu {
			args = append(args, strings.ReplaceAll(a, "%s", "bus"+b.id))
		}
	}
	g := boot(t, func(c *GuestConfig) {
		c.QEMUArgs = args
		c.RefAgent = true
	})
	ours, ref := agent(t, g), refAgent(t, g)
	// The USB disk and the ATA links come up a moment after boot.
	var disks []struct {
		Name    string `json:"name"`
		Address *struct {
			BusType string         `json:"bus-type"`
			PCI     map[string]int `json:"pci-controller"`
			Bus     int            `json:"bus"`
			Target  int            `json:"target"`
			Unit    int            `json:"unit"`
		} `json:"address"`
	}
	addrs := map[string]string{}
	eventually(t, time.Minute, "every controller's disk is listed", func() bool {
		do(t, ours, "guest-get-disks", nil, &disks)
		addrs = map[string]string{}
		for _, d := range disks {
			if a := d.Address; a != nil {
				p := a.PCI
				addrs[a.BusType] = fmt.Sprintf("%s %04x:%02x:%02x.%x %d/%d/%d", a.BusType,
					p["domain"], p["bus"], p["slot"], p["function"], a.Bus, a.Target, a.Unit)
			}
		}
		return len(addrs) >= len(diskBuses)+1 // and the virtio-blk data disks
	})
	var lines []string
	for _, b := range diskBuses {
		if addrs[b.id] != b.want {
			t.Errorf("%s disk: %q, want %q", b.id, addrs[b.id], b.want)
		}
		lines = append(lines, addrs[b.id])
	}
	sort.Strings(lines)
	t.Logf("addresses: %s", strings.Join(lines, "; "))
	// qemu-ga 7.2 predates its USB rule (xhci_hcd, ehci-pci: later
	// qemu-ga, which goqga follows) and reports the USB disk's bus as
	// unknown; everything else must be equal.
	usb, nvme := "", ""
	for _, d := range disks {
		if d.Address != nil && d.Address.BusType == "usb" {
			usb = d.Name
		}
		if d.Address != nil && d.Address.BusType == "nvme" {
			nvme = d.Name
		}
	}
	got, want := answers(t, ours, ref, "guest-get-disks", nil)
	if d := diskNamed(got, nvme); d == nil || d["smart"] == nil {
		t.Errorf("the NVMe disk %s has no SMART log: %v", nvme, d)
	}
	got, want = withoutSerials(got), withoutSerials(want)
	if o, r := diskNamed(got, usb), diskNamed(want, usb); o != nil && r != nil {
		if a, _ := r["address"].(map[string]any); a != nil && a["bus-type"] == "unknown" {
			r["address"] = o["address"]
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("guest-get-disks: goqga and qemu-ga differ (-qemu-ga +goqga):\n%s", d)
	}
}

// diskNamed finds the guest-get-disks entry of a device node.
func diskNamed(disks any, name string) map[string]any {
	list, _ := disks.([]any)
	for _, e := range list {
		if m, ok := e.(map[string]any); ok && m["name"] == name {
			return m
		}
	}
	return nil
}
