//go:build linux

package files

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"

	"github.com/goqga/goqga/os/statedir"
)

// Options configure the real backend.
type Options struct {
	// FileMode is the permission of the files Open creates, whatever the
	// umask (--file-mode).
	FileMode fs.FileMode
	// Allow confines Open to these absolute directories and what lies
	// below them, symbolic links resolved (--file-allow); none: anywhere.
	Allow []string
}

// Linux returns the real backend with default Options: files created
// DefaultFileMode, opens not confined.
func Linux() FS { return linuxFS{mode: DefaultFileMode} }

// NewLinux returns the real backend. An Allow directory that cannot be
// resolved is an error: the agent must not start with a confinement it
// cannot enforce.
func NewLinux(o Options) (FS, error) {
	c, err := newConfinement(o.Allow)
	if err != nil {
		return nil, err
	}
	return linuxFS{mode: o.FileMode & fs.ModePerm, confine: c}, nil
}

type linuxFS struct {
	mode    fs.FileMode
	confine *confinement // nil: not confined
}

func openFlags(m Mode) int {
	f := unix.O_CLOEXEC | unix.O_NONBLOCK | unix.O_NOCTTY
	switch m.Access {
	case WriteOnly:
		f |= unix.O_WRONLY
	case ReadWrite:
		f |= unix.O_RDWR
	default:
		f |= unix.O_RDONLY
	}
	if m.Truncate {
		f |= unix.O_TRUNC
	}
	if m.Append {
		f |= unix.O_APPEND
	}
	return f
}

// Open creates files in two steps, as qemu-ga does, so the new file's mode
// does not depend on the umask: an exclusive create (then fchmod), or, if
// the file exists, a plain open that leaves its mode alone. A confined
// backend opens the resolved path and lets no symbolic link through.
func (l linuxFS) Open(path string, m Mode) (File, error) {
	target, opener := path, open
	if l.confine != nil {
		var err error
		if target, err = l.confine.resolve(path, m.Access != ReadOnly); err != nil {
			return nil, err
		}
		opener = l.confine.open
	}
	flags := openFlags(m)
	if !m.Create {
		fd, err := opener(target, flags)
		return newFile(fd, path, err)
	}
	fd, err := opener(target, flags|unix.O_CREAT|unix.O_EXCL)
	if errors.Is(err, unix.EEXIST) {
		fd, err = opener(target, flags)
		return newFile(fd, path, err)
	}
	if err != nil {
		return nil, err
	}
	if err := unix.Fchmod(fd, uint32(l.mode)); err != nil {
		_ = unix.Close(fd)
		if l.confine != nil {
			l.confine.remove(target)
		} else {
			_ = unix.Unlink(target)
		}
		return nil, &PermError{Mode: l.mode, Err: err}
	}
	return newFile(fd, path, nil)
}

func open(path string, flags int) (int, error) {
	for {
		fd, err := unix.Open(path, flags, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

func newFile(fd int, path string, err error) (File, error) {
	if err != nil {
		return nil, err
	}
	return &fdFile{fd: fd, path: path}, nil
}

// ReadState reads at most MaxStateBytes; a bigger file is an error rather
// than a silently truncated counter.
func (linuxFS) ReadState(path string) ([]byte, error) {
	f, err := os.Open(path) // close-on-exec, as every *os.File
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxStateBytes+1))
	if err == nil && len(data) > MaxStateBytes {
		err = fmt.Errorf("%s is larger than %d bytes", path, MaxStateBytes)
	}
	return data, err
}

func (linuxFS) WriteState(path string, data []byte) error {
	return statedir.WriteAtomic(path, data, 0o644)
}

// fdFile is a raw descriptor; fd is -1 once closed.
type fdFile struct {
	fd   int
	path string
}

func (f *fdFile) Path() string { return f.path }

func (f *fdFile) Read(p []byte) (int, error) {
	for {
		n, err := unix.Read(f.fd, p)
		if err != unix.EINTR {
			return max(n, 0), err
		}
	}
}

func (f *fdFile) Write(p []byte) (int, error) {
	for {
		n, err := unix.Write(f.fd, p)
		if err != unix.EINTR {
			return max(n, 0), err
		}
	}
}

func (f *fdFile) Seek(offset int64, whence int) (int64, error) {
	return unix.Seek(f.fd, offset, whence)
}

// Flush fsyncs. EINVAL and EROFS mean the file cannot be synced (a pipe,
// a tty): nothing is buffered there, so there is nothing to do.
func (f *fdFile) Flush() error {
	for {
		err := unix.Fsync(f.fd)
		switch err {
		case unix.EINTR:
			continue
		case unix.EINVAL, unix.EROFS:
			return nil
		}
		return err
	}
}

// Close is not retried on EINTR: Linux has released the descriptor by
// then, and a retry could close one another goroutine just opened.
func (f *fdFile) Close() error {
	if f.fd < 0 {
		return unix.EBADF
	}
	fd := f.fd
	f.fd = -1
	return unix.Close(fd)
}
