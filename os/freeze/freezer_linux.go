//go:build linux

package freeze

import (
	"bytes"
	"fmt"
	"sync"

	"golang.org/x/sys/unix"
)

// The ioctls of linux/fs.h, not in x/sys/unix: _IOWR('X', 119, int) and
// _IOWR('X', 120, int).
const (
	FIFREEZE = 0xC0045877
	FITHAW   = 0xC0045878
)

// Linux freezes the real guest's filesystems. It is only ever used with
// --os linux inside a guest: never construct one in a test.
type Linux struct {
	// Mountinfo is the mount table to read; MountinfoPath by default.
	Mountinfo string
}

// Mounts reads and parses the mount table.
func (l *Linux) Mounts() ([]Mount, error) {
	path := l.Mountinfo
	if path == "" {
		path = MountinfoPath
	}
	buf := tablePool.Get().(*[]byte)
	defer tablePool.Put(buf)
	b, err := readAll(path, (*buf)[:0])
	if cap(b) <= maxPooled {
		*buf = b
	}
	if err != nil {
		return nil, &OpError{Op: "open", Path: path, Err: err}
	}
	return ParseMountinfo(bytes.NewReader(b))
}

// tablePool keeps the buffer a mount table is read into (parsed strings
// are copies), up to maxPooled: guest-get-fsinfo reads it on every call.
var tablePool = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

const maxPooled = 1 << 20

// maxMountinfo bounds the bytes of a mount table read: MaxMounts lines
// of a few hundred bytes.
const maxMountinfo = 64 << 20

// readAll reads a /proc file with the raw system calls: os.Open would
// register it (mountinfo is pollable) with the runtime's poller, two more
// system calls on every guest-get-fsinfo.
func readAll(path string, b []byte) ([]byte, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return b, err
	}
	defer unix.Close(fd)
	return readFd(fd, b)
}

// readFd reads fd to its end into b, at most maxMountinfo bytes.
func readFd(fd int, b []byte) ([]byte, error) {
	for len(b) < maxMountinfo {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := unix.Read(fd, b[len(b):cap(b)])
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return b, err
		case n == 0:
			return b, nil
		}
		b = b[:len(b)+n]
	}
	return b, fmt.Errorf("the mount table is larger than %d bytes", maxMountinfo)
}

// Freeze issues FIFREEZE on the mount point.
func (l *Linux) Freeze(path string) error { return ioctlAt(path, "freeze", FIFREEZE) }

// Thaw issues FITHAW on the mount point.
func (l *Linux) Thaw(path string) error { return ioctlAt(path, "thaw", FITHAW) }

// ioctlAt opens path read-only and close-on-exec, as qemu-ga does, and
// issues req on it.
func ioctlAt(path, op string, req uint) error {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	if err != nil {
		return &OpError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	if err := unix.IoctlSetInt(fd, req, 0); err != nil {
		return &OpError{Op: op, Path: path, Err: err}
	}
	return nil
}
