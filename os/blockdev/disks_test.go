package blockdev

import (
	"cmp"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

func TestDisks(t *testing.T) {
	w := &Walker{Root: buildTree(t, "disks.txt")}
	got, err := w.Disks()
	if err != nil {
		t.Fatal(err)
	}
	// qemu-ga's order: each disk's partitions before it (the list is
	// built by prepending).
	index := func(name string) int {
		return slices.IndexFunc(got, func(d Disk) bool { return d.Name == name })
	}
	if index("/dev/vda1") > index("/dev/vda") || index("/dev/vda2") > index("/dev/vda") {
		t.Errorf("partitions after their disk: %+v", got)
	}
	vda := addr("virtio", PCIAddress{0, 0, 4, 0}, 0, 0, 0, "", "/dev/vda")
	want := []Disk{
		{Name: "/dev/dm-0", Dependencies: []string{"/dev/vda2"}, Alias: "vg0-root"},
		{Name: "/dev/vda", Dependencies: []string{}, Address: &vda},
		{Name: "/dev/vda1", Partition: true, Dependencies: []string{"/dev/vda"}},
		{Name: "/dev/vda2", Partition: true, Dependencies: []string{"/dev/vda"}},
	}
	slices.SortFunc(got, func(a, b Disk) int { return cmp.Compare(a.Name, b.Name) })
	if !gocmp.Equal(got, want) {
		t.Errorf("Disks:\n%s", gocmp.Diff(want, got))
	}
}

func TestDisksNoSysBlock(t *testing.T) {
	_, err := (&Walker{Root: t.TempDir()}).Disks()
	if err == nil {
		t.Fatal("no error without /sys/block")
	}
}

func TestIsPartitionOf(t *testing.T) {
	cases := []struct {
		entry, disk string
		want        bool
	}{
		{"vda1", "vda", true}, {"nvme0n1p2", "nvme0n1", true}, {"vda", "vda", false},
		{"vdap", "vda", false}, {"queue", "vda", false}, {"sda10", "sda", true}, {"sdab", "sda", false},
	}
	for _, c := range cases {
		if got := isPartitionOf(c.entry, c.disk); got != c.want {
			t.Errorf("isPartitionOf(%q, %q) = %v", c.entry, c.disk, got)
		}
	}
}
