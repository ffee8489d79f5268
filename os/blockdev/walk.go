package blockdev

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Bounds on a walk, so a strange or hostile sysfs cannot run it long.
const (
	maxDepth   = 8    // device-mapper over MD over partitions is 3
	maxEntries = 4096 // slaves, block devices or partitions read per walk
	maxFile    = 4096 // bytes read of one sysfs attribute or udev record
)

// Walker reads a Linux sysfs and udev database the way qemu-ga does,
// under a root directory (tests build a tree from real samples).
type Walker struct {
	Root   string // "" or "/" for the real system
	UdevDB string // the udev database; DefaultUdevDB when ""
}

// DefaultUdevDB is where udev keeps device properties (ID_SERIAL,
// DM_NAME): files "b<major>:<minor>" with lines "E:KEY=value".
const DefaultUdevDB = "/run/udev/data"

func (w *Walker) abs(p string) string { return filepath.Join(w.Root, p) }

// realpath resolves every symlink of the sysfs path p.
func (w *Walker) realpath(p string) (string, error) {
	r, err := filepath.EvalSymlinks(w.abs(p))
	if err != nil {
		return "", err
	}
	if w.Root == "" || w.Root == "/" {
		return r, nil
	}
	rel, err := filepath.Rel(w.Root, r)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("%s leads out of %s", p, w.Root)
	}
	return "/" + rel, nil
}

// readFile reads a small sysfs or udev file.
func (w *Walker) readFile(p string) (string, error) {
	f, err := os.Open(w.abs(p))
	if err != nil {
		return "", err
	}
	defer f.Close()
	b := make([]byte, maxFile)
	n, err := f.Read(b)
	if err != nil && n == 0 {
		return "", err
	}
	return string(b[:n]), nil
}

// readDir lists a directory in the kernel's order (qemu-ga's readdir
// order decides its output order), at most maxEntries.
func (w *Walker) readDir(p string) ([]fs.DirEntry, error) {
	f, err := os.Open(w.abs(p))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ents, err := f.ReadDir(maxEntries)
	if errors.Is(err, io.EOF) {
		err = nil
	}
	return ents, err
}

// driver is the basename of a PCI device's driver link, "" without one.
func (w *Walker) driver(dir string) string {
	l, err := os.Readlink(w.abs(dir + "/driver"))
	if err != nil {
		return ""
	}
	return filepath.Base(l)
}

// hosts lists the numbers of the ataN or hostN entries of dir, at most
// maxHosts, in directory order.
func (w *Walker) hosts(dir string, ata bool) ([]int, error) {
	ents, err := w.readDir(dir)
	if err != nil {
		return nil, fmt.Errorf("opendir(\"%s\"): %w", dir, err)
	}
	prefix := "host"
	if ata {
		prefix = "ata"
	}
	var out []int
	for _, e := range ents {
		if len(out) == maxHosts {
			break
		}
		if n, ok := leadingUint(strings.TrimPrefix(e.Name(), prefix)); ok && strings.HasPrefix(e.Name(), prefix) {
			out = append(out, n)
		}
	}
	return out, nil
}

// uevent is what libudev reads of a device: its node name and numbers.
type uevent struct {
	devname      string
	major, minor string
}

func (w *Walker) uevent(syspath string) uevent {
	var u uevent
	s, err := w.readFile(syspath + "/uevent")
	if err != nil {
		return u
	}
	for _, line := range strings.Split(s, "\n") {
		k, v, _ := strings.Cut(line, "=")
		switch k {
		case "DEVNAME":
			u.devname = v
		case "MAJOR":
			u.major = v
		case "MINOR":
			u.minor = v
		}
	}
	return u
}

// devnode is libudev's udev_device_get_devnode: /dev/ and the uevent's
// DEVNAME; "" when the device has none.
func (w *Walker) devnode(syspath string) string {
	if u := w.uevent(syspath); u.devname != "" {
		return "/dev/" + u.devname
	}
	return ""
}

// udevProperty is a property udev recorded for a block device, "" when
// udev has no record (no udevd in the guest) or no such property.
func (w *Walker) udevProperty(syspath, key string) string {
	u := w.uevent(syspath)
	if u.major == "" || u.minor == "" {
		return ""
	}
	db := w.UdevDB
	if db == "" {
		db = DefaultUdevDB
	}
	s, err := w.readFile(db + "/b" + u.major + ":" + u.minor)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(s, "\n") {
		if v, ok := strings.CutPrefix(line, "E:"+key+"="); ok {
			return v
		}
	}
	return ""
}
