package blockdev

import (
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/goqga/goqga/os/sim"
)

// The default world resolves like a real guest: a partition carries its
// disk's address with its own node, an LVM volume its slaves', an
// unknown device only its name.
func TestSimDefault(t *testing.T) {
	s, err := NewSim(sim.Default())
	if err != nil {
		t.Fatal(err)
	}
	d, _ := s.Device(253, 1)
	want := addr("virtio", PCIAddress{0, 0, 4, 0}, 0, 0, 0, "sim-disk-0", "/dev/vda1")
	if d.Name != "dm-1" || len(d.Disks) != 1 || !gocmp.Equal(d.Disks[0], want) {
		t.Errorf("253:1 = %+v", d)
	}
	if d, _ := s.Device(9, 9); d.Name != "9:9" || d.Disks != nil {
		t.Errorf("9:9 = %+v", d)
	}
	disks, _ := s.Disks()
	var names []string
	for _, d := range disks {
		names = append(names, d.Name)
	}
	if got := strings.Join(names, " "); got != "/dev/nvme0n1 /dev/dm-2 /dev/dm-1 /dev/dm-0 /dev/sda /dev/vda2 /dev/vda1 /dev/vda" {
		t.Errorf("disks %s (the empty loop0 must be left out)", got)
	}
	if sm, err := s.Smart("/dev/nvme0n1"); err != nil || sm.Temperature != 310 {
		t.Errorf("Smart(nvme0n1) = %+v, %v", sm, err)
	}
	if _, err := s.Smart("/dev/vda"); err == nil {
		t.Error("a virtio disk has a SMART log")
	}
	if major, minor, err := s.DevOf("/dev/block/8:0"); major != 8 || minor != 0 || err != nil {
		t.Errorf("DevOf = %d:%d %v", major, minor, err)
	}
}

func TestSimRejects(t *testing.T) {
	cases := []struct {
		disks []sim.Disk
		want  string
	}{
		{[]sim.Disk{{Name: "vda", Dev: "252"}}, "bad name or dev"},
		{[]sim.Disk{{Name: "vda", Dev: "252:0"}, {Name: "vda", Dev: "252:1"}}, "listed twice"},
		{[]sim.Disk{{Name: "vda", Dev: "252:0"}, {Name: "vdb", Dev: "252:0"}}, "dev 252:0 listed twice"},
		{[]sim.Disk{{Name: "dm-0", Dev: "253:0", Slaves: []string{"sdz"}}}, `unknown slave "sdz"`},
		{[]sim.Disk{{Name: "vda", Dev: "252:0", Address: &sim.Address{PCI: "00:04.0"}}}, "bad PCI address"},
	}
	for _, c := range cases {
		_, err := NewSim(&sim.World{Storage: sim.Storage{Disks: c.disks}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.disks, err, c.want)
		}
	}
}
