package trim

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// FITRIM is _IOWR('X', 121, struct fstrim_range) of linux/fs.h, not in
// x/sys/unix.
const FITRIM = 0xC0185879

// fstrimRange is linux/fs.h's struct fstrim_range.
type fstrimRange struct {
	Start, Len, Minlen uint64
}

// Linux issues the real FITRIM. Only ever used with --os linux inside a
// guest: never construct one in a test outside the VM suite.
type Linux struct{}

// Trim trims the whole filesystem (start 0, length all), as qemu-ga does;
// the kernel answers the bytes trimmed in the range's length.
func (Linux) Trim(path string, minimum uint64) (Result, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
	if err != nil {
		return Result{}, &OpError{Op: "open", Err: err}
	}
	defer unix.Close(fd)
	r := fstrimRange{Start: 0, Len: ^uint64(0), Minlen: minimum}
	if _, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), FITRIM, uintptr(unsafe.Pointer(&r))); e != 0 {
		return Result{}, &OpError{Op: "trim", Err: e}
	}
	return Result{Trimmed: r.Len, Minimum: r.Minlen}, nil
}
