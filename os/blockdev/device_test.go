package blockdev

import (
	"cmp"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

// addr builds an expected address: pci "" is unknown (-1).
func addr(bus string, pci PCIAddress, b, target, unit int, serial, dev string) Address {
	return Address{PCI: pci, BusType: bus, Bus: b, Target: target, Unit: unit, Serial: serial, Dev: dev}
}

var noPCI = PCIAddress{-1, -1, -1, -1}

// One case per bus, each from a sysfs sample.
func TestDevice(t *testing.T) {
	cases := []struct {
		sample       string
		major, minor uint32
		name         string
		disks        []Address
	}{
		// No udev in either guest: the serial is the disk's sysfs attribute.
		{"virtio-blk.txt", 254, 0, "vda", []Address{addr("virtio", PCIAddress{0, 0, 2, 0}, 0, 0, 0, "overlayblk", "/dev/vda")}},
		{"virtio-blk-part-noudev.txt", 252, 2, "vda2", []Address{addr("virtio", PCIAddress{0, 0, 4, 0}, 0, 0, 0, "data0", "/dev/vda2")}},
		{"virtio-blk-bridge.txt", 252, 1, "vda1", []Address{addr("virtio", PCIAddress{0, 4, 0, 0}, 0, 0, 0, "data0", "/dev/vda1")}},
		{"virtio-scsi.txt", 8, 0, "sda", []Address{addr("scsi", PCIAddress{0, 0, 5, 0}, 0, 0, 3, "0QEMU_QEMU_HARDDISK_drive-scsi0-0-1-3", "/dev/sda")}},
		{"sata-ahci.txt", 8, 16, "sdb", []Address{addr("sata", PCIAddress{0, 0, 0x1f, 2}, 0, 0, 1, "QEMU_HARDDISK_QM00003", "/dev/sdb")}},
		{"ide-piix.txt", 8, 0, "sda", []Address{addr("ide", PCIAddress{0, 0, 1, 1}, 1, 0, 1, "", "/dev/sda")}},
		{"scsi-lsi.txt", 8, 0, "sda", []Address{addr("scsi", PCIAddress{0, 0, 6, 0}, 0, 0, 2, "", "/dev/sda")}},
		{"nvme.txt", 259, 1, "nvme0n1p1", []Address{addr("nvme", PCIAddress{0, 0, 4, 0}, 0, 0, 0, "QEMU_NVMe_Ctrl_deadbeef_1", "/dev/nvme0n1p1")}},
		{"usb-xhci.txt", 8, 32, "sdc", []Address{addr("usb", PCIAddress{0, 0, 7, 0}, 0, 0, 0, "QEMU_QEMU_HARDDISK_1-0000:00:07.0-1-0:0", "/dev/sdc")}},
		{"lvm.txt", 253, 0, "dm-0", []Address{addr("virtio", PCIAddress{0, 0, 4, 0}, 0, 0, 0, "", "/dev/vda2")}},
		{"lvm-on-md.txt", 253, 1, "dm-1", []Address{
			addr("scsi", PCIAddress{0, 0, 5, 0}, 0, 0, 0, "", "/dev/sda1"),
			addr("scsi", PCIAddress{0, 0, 5, 0}, 0, 0, 1, "", "/dev/sdb1"),
		}},
		{"virtio-mmio.txt", 254, 0, "vda", []Address{addr("virtio", noPCI, 0, 0, 0, "", "/dev/vda")}},
		// Unknown hardware still reports its node, with the bus unknown.
		{"mmc.txt", 179, 1, "mmcblk0p1", []Address{addr("unknown", noPCI, 0, 0, 0, "", "/dev/mmcblk0p1")}},
		{"unknown-driver.txt", 8, 0, "sda", []Address{addr("unknown", noPCI, 0, 0, 0, "", "/dev/sda")}},
		// Not in sysfs (a container): the name only.
		{"virtio-blk.txt", 8, 1, "8:1", nil},
	}
	for _, c := range cases {
		t.Run(c.sample, func(t *testing.T) {
			root := buildTree(t, c.sample)
			w := &Walker{Root: root, UdevDB: "/run/udev/data"}
			d, err := w.Device(c.major, c.minor)
			if err != nil {
				t.Fatal(err)
			}
			// Slaves come in directory order; compare them by unit.
			slices.SortFunc(d.Disks, func(a, b Address) int { return cmp.Compare(a.Unit, b.Unit) })
			if d.Name != c.name || !gocmp.Equal(d.Disks, c.disks) {
				t.Errorf("got %s %+v\nwant %s %+v", d.Name, d.Disks, c.name, c.disks)
			}
		})
	}
}

func TestDeviceCCW(t *testing.T) {
	w := &Walker{Root: buildTree(t, "ccw.txt")}
	d, err := w.Device(94, 0)
	want := addr("virtio", noPCI, 0, 0, 0, "", "/dev/vda")
	want.CCW = &CCWAddress{CSSID: 0, SSID: 0, Subchno: 2, Devno: 5}
	if err != nil || len(d.Disks) != 1 || !gocmp.Equal(d.Disks[0], want) {
		t.Fatalf("got %+v %v, want %+v", d, err, want)
	}
}
