package blockdev

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
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

// maxHops bounds the links realpath follows (the kernel's own limit).
const maxHops = 40

// realpath resolves the sysfs path p. In sysfs only the entry a walk
// starts from is a link (/sys/dev/block/M:m, /sys/block/X, slaves/X),
// and its target is a path of real directories, so following the last
// component until it is no link gives realpath(3)'s answer with one
// readlink per hop, where resolving every component costs one lstat
// each (a third of guest-get-fsinfo's system calls).
func (w *Walker) realpath(p string) (string, error) {
	p = filepath.Clean(p)
	for range maxHops {
		target, err := os.Readlink(w.abs(p))
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Err == unix.EINVAL {
			return p, nil // it exists and is no link
		}
		if err != nil {
			return "", err
		}
		if filepath.IsAbs(target) {
			return "", fmt.Errorf("%s links out of sysfs to %s", p, target)
		}
		p = filepath.Join(filepath.Dir(p), target)
	}
	return "", &fs.PathError{Op: "realpath", Path: p, Err: unix.ELOOP}
}

// readFile reads a small sysfs or udev file. It uses the raw system
// calls: os.Open would register every sysfs attribute (they are
// pollable) with the runtime's poller, two more system calls per file.
func (w *Walker) readFile(p string) (string, error) {
	fd, err := unix.Open(w.abs(p), unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return "", &fs.PathError{Op: "open", Path: p, Err: err}
	}
	defer unix.Close(fd)
	b := filePool.Get().(*[maxFile]byte)
	defer filePool.Put(b)
	n, err := unix.Read(fd, b[:])
	for err == unix.EINTR {
		n, err = unix.Read(fd, b[:])
	}
	if err != nil {
		return "", &fs.PathError{Op: "read", Path: p, Err: err}
	}
	return string(b[:n]), nil
}

// filePool holds readFile's buffers: on the stack, 4 KiB made every
// short-lived walk goroutine grow its stack.
var filePool = sync.Pool{New: func() any { return new([maxFile]byte) }}

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
func (w *Walker) devnode(syspath string) string { return w.uevent(syspath).node() }

func (u uevent) node() string {
	if u.devname == "" {
		return ""
	}
	return "/dev/" + u.devname
}

// udevProperty is a property udev recorded for the block device u
// describes, "" when udev has no record (no udevd in the guest) or no
// such property.
func (w *Walker) udevProperty(u uevent, key string) string {
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
