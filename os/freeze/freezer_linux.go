//go:build linux

package freeze

import (
	"os"

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
	f, err := os.Open(path)
	if err != nil {
		return nil, &OpError{Op: "open", Path: path, Err: err}
	}
	defer f.Close()
	return ParseMountinfo(f)
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
