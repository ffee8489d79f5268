//go:build linux

package accounts

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// afterSSHOpen, when set (tests only), runs once the .ssh directory is
// open: the moment a user would swap it for a symbolic link.
var afterSSHOpen func()

// readKeys reads u's authorized_keys through descriptors (package doc).
func readKeys(u User) ([]byte, error) {
	home, err := openHome(u)
	if err != nil {
		return nil, err
	}
	defer unix.Close(home)
	ssh, err := openSSH(home, u, false)
	if err != nil {
		return nil, err
	}
	defer unix.Close(ssh)
	return readFileAt(ssh, u)
}

// writeKeys replaces u's authorized_keys with content (package doc).
func writeKeys(u User, content []byte) error {
	home, err := openHome(u)
	if err != nil {
		return err
	}
	defer unix.Close(home)
	ssh, err := openSSH(home, u, true)
	if err != nil {
		return err
	}
	defer unix.Close(ssh)
	if afterSSHOpen != nil {
		afterSSHOpen()
	}
	return replaceAt(ssh, u, content)
}

// openHome opens u's home directory by walking its path from "/". A
// symbolic link is followed where it stands in a directory only root can
// change (the administrator's /home -> /srv/home); in a directory anyone
// else may write (a user's own, a group- or world-writable one, sticky or
// not) it is refused: the user could have put it there to move their
// home onto /root.
func openHome(u User) (int, error) {
	const dirFlags = unix.O_RDONLY | unix.O_DIRECTORY | unix.O_CLOEXEC
	fd, err := unix.Open("/", dirFlags, 0)
	if err != nil {
		return -1, &fs.PathError{Op: "open", Path: "/", Err: err}
	}
	walked := "/"
	for _, name := range strings.Split(strings.Trim(u.Home, "/"), "/") {
		if name == "" {
			continue
		}
		flags := dirFlags
		if !rootOnly(fd) {
			flags |= unix.O_NOFOLLOW
		}
		walked = filepath.Join(walked, name)
		next, err := unix.Openat(fd, name, flags, 0)
		if err != nil {
			err = openError(fd, name, walked, err)
			unix.Close(fd)
			return -1, err
		}
		unix.Close(fd)
		fd = next
	}
	return fd, nil
}

// rootOnly reports whether only root can change the entries of the
// directory fd: owned by root, writable by neither group nor others.
func rootOnly(fd int) bool {
	var st unix.Stat_t
	return unix.Fstat(fd, &st) == nil && st.Uid == 0 && st.Mode&0o022 == 0
}

// openSSH opens home's .ssh without following a symbolic link, creating
// it (0700, the user's) when create is set and it is missing, and checks
// it belongs to the user or root.
func openSSH(home int, u User, create bool) (int, error) {
	path := SSHDir(u)
	const flags = unix.O_RDONLY | unix.O_DIRECTORY | unix.O_NOFOLLOW | unix.O_CLOEXEC
	fd, err := unix.Openat(home, ".ssh", flags, 0)
	made := false
	if err == unix.ENOENT && create {
		if err = unix.Mkdirat(home, ".ssh", 0o700); err != nil && err != unix.EEXIST {
			return -1, &fs.PathError{Op: "mkdir", Path: path, Err: err}
		}
		made = err == nil
		fd, err = unix.Openat(home, ".ssh", flags, 0)
	}
	if err != nil {
		return -1, openError(home, ".ssh", path, err)
	}
	if made {
		if err := giveTo(fd, u, 0o700); err != nil {
			unix.Close(fd)
			return -1, &fs.PathError{Op: "chown", Path: path, Err: err}
		}
	}
	if err := checkOwner(fd, u, path); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// openError explains a failed no-follow open: a symbolic link (ELOOP,
// or ENOTDIR when O_DIRECTORY met it first) is a refusal, anything
// else the system's error.
func openError(dir int, name, path string, err error) error {
	if err == unix.ELOOP || err == unix.ENOTDIR {
		var st unix.Stat_t
		if unix.Fstatat(dir, name, &st, unix.AT_SYMLINK_NOFOLLOW) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK {
			return &UnsafeError{Path: path, Why: "it is a symbolic link"}
		}
		if err == unix.ENOTDIR {
			return &UnsafeError{Path: path, Why: "it is not a directory"}
		}
	}
	return &fs.PathError{Op: "open", Path: path, Err: err}
}

func giveTo(fd int, u User, mode uint32) error {
	if err := unix.Fchown(fd, u.UID, u.GID); err != nil {
		return err
	}
	return unix.Fchmod(fd, mode)
}

// checkOwner refuses a file or directory owned by anyone but u or root.
func checkOwner(fd int, u User, path string) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if int(st.Uid) != u.UID && st.Uid != 0 {
		return &UnsafeError{Path: path, Why: fmt.Sprintf("it is owned by uid %d, neither %s nor root", st.Uid, u.Name)}
	}
	return nil
}

// readFileAt reads authorized_keys in the directory ssh: a regular file
// with one link, owned by the user or root, at most MaxKeysFile bytes.
// O_NONBLOCK: opening a FIFO the user put there must not wait for a writer.
func readFileAt(ssh int, u User) ([]byte, error) {
	path := KeysPath(u)
	fd, err := unix.Openat(ssh, "authorized_keys", unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, openError(ssh, "authorized_keys", path, err)
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	switch {
	case st.Mode&unix.S_IFMT != unix.S_IFREG:
		return nil, &UnsafeError{Path: path, Why: "it is not a regular file"}
	case st.Nlink > 1:
		return nil, &UnsafeError{Path: path, Why: fmt.Sprintf("it has %d hard links", st.Nlink)}
	case st.Size > MaxKeysFile:
		return nil, &fs.PathError{Op: "read", Path: path, Err: ErrTooLarge}
	}
	if err := checkOwner(fd, u, path); err != nil {
		return nil, err
	}
	buf := make([]byte, st.Size+1)
	n := 0
	for n < len(buf) {
		m, err := unix.Read(fd, buf[n:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if m == 0 {
			return buf[:n], nil
		}
		n += m
	}
	return nil, &fs.PathError{Op: "read", Path: path, Err: ErrTooLarge}
}

// replaceAt writes content to a new file in ssh and renames it over
// authorized_keys: atomic, and renameat replaces a symbolic link itself.
func replaceAt(ssh int, u User, content []byte) (err error) {
	path := KeysPath(u)
	tmp, fd, err := createTemp(ssh)
	if err != nil {
		return &fs.PathError{Op: "create", Path: path, Err: err}
	}
	defer func() {
		if fd >= 0 {
			unix.Close(fd)
		}
		if err != nil {
			_ = unix.Unlinkat(ssh, tmp, 0)
		}
	}()
	if err = writeAll(fd, content); err != nil {
		return &fs.PathError{Op: "write", Path: path, Err: err}
	}
	if err = giveTo(fd, u, 0o600); err != nil {
		return &fs.PathError{Op: "chown", Path: path, Err: err}
	}
	if err = unix.Fsync(fd); err != nil {
		return &fs.PathError{Op: "write", Path: path, Err: err}
	}
	err = unix.Close(fd)
	fd = -1
	if err != nil {
		return &fs.PathError{Op: "write", Path: path, Err: err}
	}
	if err = unix.Renameat(ssh, tmp, ssh, "authorized_keys"); err != nil {
		return &fs.PathError{Op: "rename", Path: path, Err: err}
	}
	_ = unix.Fsync(ssh) // the rename is done; a failed directory sync loses nothing more than a crash would
	return nil
}

// createTemp creates a fresh file in dir, O_EXCL and O_NOFOLLOW: a name
// the user planted is never opened.
func createTemp(dir int) (string, int, error) {
	var err error
	for range 8 {
		var b [8]byte
		_, _ = rand.Read(b[:])
		name := ".authorized_keys.goqga-" + hex.EncodeToString(b[:])
		var fd int
		fd, err = unix.Openat(dir, name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
		if err == nil {
			return name, fd, nil
		}
		if err != unix.EEXIST {
			break
		}
	}
	return "", -1, err
}

func writeAll(fd int, b []byte) error {
	for len(b) > 0 {
		n, err := unix.Write(fd, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}
