package blockdev

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Device resolves major:minor as qemu-ga's fsinfo does: the realpath of
// /sys/dev/block/M:m names the device; a virtual one (device-mapper, MD)
// is followed through its slaves down to real disks, whose sysfs paths
// give their addresses.
func (w *Walker) Device(major, minor uint32) (Device, error) {
	var d Device
	devpath := fmt.Sprintf("/sys/dev/block/%d:%d", major, minor)
	err := w.device(devpath, &d, 0, new(int))
	return d, err
}

func (w *Walker) device(devpath string, d *Device, depth int, seen *int) error {
	syspath, err := w.realpath(devpath)
	if errors.Is(err, fs.ErrNotExist) {
		// The device is not in sysfs (a container's mount of the host's
		// disk): the name is all there is.
		if d.Name == "" {
			d.Name = path.Base(devpath)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("realpath(\"%s\"): %w", devpath, err)
	}
	if d.Name == "" {
		d.Name = path.Base(syspath)
	}
	if *seen++; depth > maxDepth || *seen > maxEntries {
		return fmt.Errorf("%s: device stack deeper than %d or wider than %d", devpath, maxDepth, maxEntries)
	}
	if isVirtual(syspath) {
		return w.slaves(syspath, d, depth, seen)
	}
	a, ok, err := w.address(syspath)
	if err != nil {
		return err
	}
	if ok {
		d.Disks = append([]Address{a}, d.Disks...) // qemu-ga prepends
	}
	return nil
}

// isVirtual: device-mapper, MD, loop and zram devices live under
// /devices/virtual/block/.
func isVirtual(syspath string) bool { return strings.Contains(syspath, "/devices/virtual/block/") }

// slaves follows every slave link of a virtual device.
func (w *Walker) slaves(syspath string, d *Device, depth int, seen *int) error {
	dir := syspath + "/slaves"
	ents, err := w.readDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("opendir(\"%s\"): %w", dir, err)
	}
	for _, e := range ents {
		if e.Type()&fs.ModeSymlink == 0 {
			continue
		}
		if err := w.device(dir+"/"+e.Name(), d, depth+1, seen); err != nil {
			return err
		}
	}
	return nil
}

// address builds a real device's address: the bus from its sysfs path,
// the node and serial from udev (the serial of a virtio-blk disk from
// sysfs when udev has none); ok when any of them is known.
func (w *Walker) address(syspath string) (Address, bool, error) {
	a := Unknown()
	u := w.uevent(syspath)
	a.Dev = u.node()
	a.Serial = w.udevProperty(u, "ID_SERIAL")
	if a.Serial == "" {
		a.Serial = w.virtioSerial(syspath)
	}
	hw, err := resolve(syspath, &a, w)
	if err != nil {
		return a, false, err
	}
	return a, hw || a.Dev != "" || a.Serial != "", nil
}

// virtioSerial is a virtio-blk disk's serial attribute, for a guest
// without udev: udev's ID_SERIAL for such a disk is this attribute, so
// the answer is what qemu-ga gives where udev runs (qemu-ga gives none
// where it does not). A partition reads its disk's. "" for other
// devices.
func (w *Walker) virtioSerial(syspath string) string {
	i := strings.Index(syspath, "/block/")
	if i < 0 || !strings.Contains(syspath[:i], "/virtio") {
		return ""
	}
	disk, _, _ := strings.Cut(syspath[i+len("/block/"):], "/")
	s, err := w.readFile(syspath[:i] + "/block/" + disk + "/serial")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(s)
}
