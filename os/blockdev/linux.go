package blockdev

import (
	"errors"

	"golang.org/x/sys/unix"
)

// ErrNotBlockDevice is DevOf's answer for a path that is not a block
// device node.
var ErrNotBlockDevice = errors.New("not a block device")

// NewLinux reads the real guest's /sys and udev database.
func NewLinux() *Walker { return &Walker{} }

// DevOf stats a device node, under Root.
func (w *Walker) DevOf(path string) (uint32, uint32, error) {
	var st unix.Stat_t
	if err := unix.Stat(w.abs(path), &st); err != nil {
		return 0, 0, err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFBLK {
		return 0, 0, ErrNotBlockDevice
	}
	return unix.Major(st.Rdev), unix.Minor(st.Rdev), nil
}
