//go:build linux

package files

import (
	"strconv"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// noOpenat2 is set once openat2(2) turns out to be missing (Linux before
// 5.6) or filtered (a seccomp profile answering EPERM or ENOSYS).
var noOpenat2 atomic.Bool

// open opens a path resolve returned. openat2 with RESOLVE_NO_SYMLINKS
// makes the kernel refuse any symbolic link on the way, so a directory
// swapped for a link between resolve and open (a guest user racing the
// host) cannot lead the open elsewhere. Without openat2 the open refuses
// a link as the last component (O_NOFOLLOW) and checks afterwards, through
// /proc/self/fd, that the file opened is the one resolved.
func (c *confinement) open(resolved string, flags int) (int, error) {
	if !noOpenat2.Load() {
		fd, err := openat2(resolved, flags)
		if err != unix.ENOSYS && err != unix.EPERM {
			return fd, err
		}
		noOpenat2.Store(true)
	}
	fd, err := open(resolved, flags|unix.O_NOFOLLOW)
	if err != nil {
		return fd, err
	}
	if got, err := fdPath(fd); err != nil || got != resolved {
		_ = unix.Close(fd)
		return -1, &ConfinedError{Path: resolved, Reason: reasonMoved}
	}
	return fd, nil
}

func openat2(path string, flags int) (int, error) {
	how := &unix.OpenHow{
		Flags:   uint64(flags | unix.O_NOFOLLOW),
		Resolve: unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
	}
	for {
		fd, err := unix.Openat2(unix.AT_FDCWD, path, how)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// fdPath is the kernel's name for what fd refers to.
func fdPath(fd int) (string, error) {
	buf := make([]byte, unix.PathMax)
	n, err := unix.Readlink("/proc/self/fd/"+strconv.Itoa(fd), buf)
	if err != nil {
		return "", err
	}
	return string(buf[:n]), nil
}
