package blockdev

import (
	"fmt"
	"io/fs"
	"strings"
)

// Disks lists /sys/block as qemu-ga's guest-get-disks does: every
// non-empty device with a node, its partitions after it, then the whole
// list reversed (qemu-ga prepends each entry).
func (w *Walker) Disks() ([]Disk, error) {
	ents, err := w.readDir("/sys/block")
	if err != nil {
		return nil, fmt.Errorf("Can't open directory \"/sys/block\": %w", err)
	}
	var out []Disk
	for _, e := range ents {
		if e.Type()&fs.ModeSymlink == 0 {
			continue
		}
		out = append(out, w.disk(e.Name())...)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// disk returns the entries of one /sys/block device, in discovery
// order: the disk, then its partitions. A zero-sized or unreadable
// device, or one without a node, has none.
func (w *Walker) disk(name string) []Disk {
	dir := "/sys/block/" + name
	if size, err := w.readFile(dir + "/size"); err != nil || size == "0\n" {
		return nil
	}
	u := w.uevent(dir)
	dev := u.node()
	if dev == "" {
		return nil
	}
	d := Disk{Name: dev, Alias: w.udevProperty(u, "DM_NAME")}
	if syspath, err := w.realpath(dir); err == nil && !isVirtual(syspath) {
		// Errors only cost the address, as in qemu-ga.
		var dv Device
		if w.device(dir, &dv, 0, new(int)) == nil && len(dv.Disks) > 0 {
			d.Address = &dv.Disks[0]
		}
	}
	d.Dependencies = w.dependencies(dir)
	return append([]Disk{d}, w.partitions(name, dir, dev)...)
}

// dependencies lists the nodes of a device's slaves: nil without a
// slaves directory, empty when it has none; last found first.
func (w *Walker) dependencies(dir string) []string {
	ents, err := w.readDir(dir + "/slaves")
	if err != nil {
		return nil
	}
	deps := []string{}
	for _, e := range ents {
		if n := w.devnode(dir + "/slaves/" + e.Name()); n != "" {
			deps = append([]string{n}, deps...)
		}
	}
	return deps
}

// partitions lists the partitions of a disk: subdirectories named
// <disk><digit>... or <disk>p<digit>..., each depending on the disk.
func (w *Walker) partitions(name, dir, dev string) []Disk {
	ents, err := w.readDir(dir)
	if err != nil {
		return nil
	}
	var out []Disk
	for _, e := range ents {
		if !e.IsDir() || !isPartitionOf(e.Name(), name) {
			continue
		}
		if n := w.devnode(dir + "/" + e.Name()); n != "" {
			out = append(out, Disk{Name: n, Partition: true, Dependencies: []string{dev}})
		}
	}
	return out
}

// isPartitionOf: "vda1" and "nvme0n1p2" are partitions of "vda" and
// "nvme0n1".
func isPartitionOf(entry, disk string) bool {
	rest, ok := strings.CutPrefix(entry, disk)
	if !ok {
		return false
	}
	rest = strings.TrimPrefix(rest, "p")
	return rest != "" && rest[0] >= '0' && rest[0] <= '9'
}
