package blockdev

import (
	"strings"
	"testing"
)

// fakeLookup answers drivers by directory suffix and a fixed host list.
type fakeLookup map[string]string

func (f fakeLookup) driver(dir string) string {
	for suffix, d := range f {
		if strings.HasSuffix(dir, suffix) {
			return d
		}
	}
	return ""
}

func (f fakeLookup) hosts(string, bool) ([]int, error) { return []int{2, 0, 1}, nil }

func TestParsePCI(t *testing.T) {
	cases := []struct {
		in   string
		want PCIAddress
		n    int
		ok   bool
	}{
		{"0000:00:04.0/virtio1", PCIAddress{0, 0, 4, 0}, 12, true},
		{"0001:0a:1f.7", PCIAddress{1, 10, 31, 7}, 12, true},
		{"virtio1/block", PCIAddress{}, 0, false},
		{"0000:00:04/x", PCIAddress{}, 0, false},
		{"0000:00:04.g", PCIAddress{}, 0, false},
	}
	for _, c := range cases {
		got, n, ok := parsePCI(c.in)
		if got != c.want || n != c.n || ok != c.ok {
			t.Errorf("parsePCI(%q) = %v %d %v", c.in, got, n, ok)
		}
	}
}

func TestParseTarget(t *testing.T) {
	cases := []struct {
		in   string
		want [3]int
		ok   bool
	}{
		{"/x/host2/target2:0:1/2:0:1:3/block/sda", [3]int{0, 1, 3}, true},
		{"/x/target2:0:1", [3]int{}, false},
		{"/x/target2:0/2:0:1:3", [3]int{}, false},
		{"/x/block/vda", [3]int{}, false},
	}
	for _, c := range cases {
		if got, ok := parseTarget(c.in); got != c.want || ok != c.ok {
			t.Errorf("parseTarget(%q) = %v %v", c.in, got, ok)
		}
	}
}

// A bus controller without the host or target its driver needs gives
// no bus (qemu-ga's "invalid sysfs path"), but keeps the PCI address.
func TestResolveIncomplete(t *testing.T) {
	a := Unknown()
	ok, err := resolve("/sys/devices/pci0000:00/0000:00:1f.2/block/sda", &a, fakeLookup{"0000:00:1f.2": "ahci"})
	if ok || err != nil || a.BusType != "unknown" || a.PCI != (PCIAddress{0, 0, 0x1f, 2}) {
		t.Fatalf("got %v %v %+v", ok, err, a)
	}
}

// FuzzResolve: no sysfs path makes address resolution panic, and an
// address is complete (libvirt's strict fields) whatever it found.
func FuzzResolve(f *testing.F) {
	f.Add("/sys/devices/pci0000:00/0000:00:05.0/virtio2/host2/target2:0:1/2:0:1:3/block/sda")
	f.Add("/sys/devices/pci0000:00/0000:00:01.1/ata2/host1/target1:0:1/1:0:1:0/block/sda")
	f.Add("/sys/devices/css0/0.0.0002/0.0.0005/virtio0/block/vda")
	f.Add("/sys/devices/platform/a003e00.virtio_mmio/virtio31/block/vda")
	f.Fuzz(func(t *testing.T, path string) {
		a := Unknown()
		l := fakeLookup{"0000:00:05.0": "virtio-pci", "0000:00:01.1": "ata_piix", "0000:00:1f.2": "ahci"}
		if _, err := resolve(path, &a, l); err != nil {
			t.Fatal(err)
		}
		if a.BusType == "" {
			t.Fatalf("%q: empty bus-type", path)
		}
	})
}
