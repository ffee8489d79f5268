//go:build linux

package files

import (
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// noOpenat2 is set once openat2(2) turns out to be missing (Linux before
// 5.6) or filtered (a seccomp profile answering EPERM or ENOSYS).
var noOpenat2 atomic.Bool

// open opens a path resolve returned. openat2 with RESOLVE_NO_SYMLINKS
// makes the kernel refuse any symbolic link on the way, so a directory
// swapped for a link between resolve and open (a guest user racing the
// host) cannot lead the open elsewhere. Without openat2, see openBeneath.
func (c *confinement) open(resolved string, flags int) (int, error) {
	if !noOpenat2.Load() {
		fd, err := openat2(resolved, flags)
		if err != unix.ENOSYS && err != unix.EPERM {
			return fd, err
		}
		noOpenat2.Store(true)
	}
	return openBeneath(resolved, flags)
}

// openBeneath is open without openat2. It walks to the parent directory
// one component at a time, each opened O_PATH|O_NOFOLLOW|O_DIRECTORY
// relative to the last, so no link is followed, and checks through
// /proc/self/fd that the directory reached is the one resolved. Only then
// does anything happen to the file, and only through that descriptor:
// the last component is opened O_NOFOLLOW without O_TRUNC (a create,
// O_CREAT|O_EXCL, lands in that directory and nowhere else), a truncate
// is an ftruncate of the descriptor opened, and a file that turns out
// elsewhere after all is refused (and removed, if this open created it).
func openBeneath(resolved string, flags int) (int, error) {
	dir, last := filepath.Split(resolved)
	if last == "" {
		return open(resolved, flags|unix.O_NOFOLLOW) // "/"
	}
	dfd, err := walkDir(dir)
	if err != nil {
		return -1, err
	}
	defer unix.Close(dfd)
	if got, err := fdPath(dfd); err != nil || got != filepath.Clean(dir) {
		return -1, &ConfinedError{Path: resolved, Reason: reasonMoved}
	}
	fd, err := openat(dfd, last, flags&^unix.O_TRUNC|unix.O_NOFOLLOW)
	if err != nil {
		return -1, err
	}
	if got, err := fdPath(fd); err != nil || got != resolved {
		_ = unix.Close(fd)
		if flags&unix.O_EXCL != 0 {
			_ = unix.Unlinkat(dfd, last, 0) // ours: O_EXCL created it
		}
		return -1, &ConfinedError{Path: resolved, Reason: reasonMoved}
	}
	if flags&unix.O_TRUNC != 0 {
		if err := truncate(fd); err != nil {
			_ = unix.Close(fd)
			return -1, err
		}
	}
	return fd, nil
}

// remove unlinks a file this open created, through a verified descriptor
// of its directory: by path, a directory swapped since could make it
// remove a file outside.
func (c *confinement) remove(resolved string) {
	dir, last := filepath.Split(resolved)
	dfd, err := walkDir(dir)
	if err != nil {
		return
	}
	defer unix.Close(dfd)
	if got, err := fdPath(dfd); err == nil && got == filepath.Clean(dir) {
		_ = unix.Unlinkat(dfd, last, 0)
	}
}

// walkDir opens the absolute directory dir for use as a dirfd, following
// no symbolic link; a link on the way (one swapped in since resolve) is
// refused.
func walkDir(dir string) (int, error) {
	fd, err := open("/", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC)
	if err != nil {
		return -1, err
	}
	for _, name := range strings.Split(dir, "/") {
		if name == "" {
			continue
		}
		next, err := openat(fd, name, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC)
		_ = unix.Close(fd)
		switch {
		case err == unix.ENOTDIR || err == unix.ELOOP:
			return -1, &ConfinedError{Path: dir, Reason: reasonMoved}
		case err != nil:
			return -1, err
		}
		fd = next
	}
	return fd, nil
}

func openat(dfd int, name string, flags int) (int, error) {
	for {
		fd, err := unix.Openat(dfd, name, flags, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// truncate empties a regular file, as O_TRUNC would; O_TRUNC leaves
// other files (FIFOs, devices) alone, and so does this.
func truncate(fd int) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil
	}
	for {
		err := unix.Ftruncate(fd, 0)
		if err != unix.EINTR {
			return err
		}
	}
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
