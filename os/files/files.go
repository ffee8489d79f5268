package files

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
)

// Access is how a file is opened: for reading, writing or both.
type Access int

const (
	ReadOnly Access = iota
	WriteOnly
	ReadWrite
)

// Mode is an fopen(3) mode in OS-neutral terms.
type Mode struct {
	Access   Access
	Create   bool // create the file if missing (with the backend's file mode)
	Truncate bool
	Append   bool
}

// DefaultFileMode is the permission of files Open creates unless Options
// say otherwise: owner only. qemu-ga uses QemuFileMode.
const DefaultFileMode fs.FileMode = 0o600

// QemuFileMode is the permission qemu-ga gives the files it creates.
const QemuFileMode fs.FileMode = 0o666

// Whence values for Seek, as lseek(2) numbers them.
const (
	SeekSet = 0
	SeekCur = 1
	SeekEnd = 2
)

// MaxStateBytes bounds the state file we are willing to read: qemu-ga's is
// one short line, anything this big is not ours.
const MaxStateBytes = 64 << 10

// FS opens guest files and keeps the agent's state file.
type FS interface {
	// Open opens path (relative paths against the working directory).
	Open(path string, m Mode) (File, error)
	// ReadState returns the state file's content; a missing file is an
	// error satisfying errors.Is(err, fs.ErrNotExist).
	ReadState(path string) ([]byte, error)
	// WriteState replaces the state file atomically.
	WriteState(path string, data []byte) error
}

// File is one open guest file. Each method is one system call, so a Read
// may return fewer bytes than asked and (0, nil) means end of file.
type File interface {
	Read(p []byte) (int, error)
	Write(p []byte) (int, error)
	Seek(offset int64, whence int) (int64, error)
	// Flush makes written data durable (fsync); on files that cannot be
	// synced (pipes, ttys) it succeeds, as there is nothing to flush.
	Flush() error
	// Close releases the descriptor, even when it returns an error.
	Close() error
	// Path is the path the file was opened with (the fault target).
	Path() string
}

// PermError reports that a newly created file could not be given its
// mode; the file has been closed and removed.
type PermError struct {
	Mode fs.FileMode
	Err  error
}

func (e *PermError) Error() string { return fmt.Sprintf("fchmod %04o: %v", uint32(e.Mode), e.Err) }
func (e *PermError) Unwrap() error { return e.Err }

// IsWouldBlock reports whether err is EAGAIN: a non-blocking descriptor
// has no data (or no room) right now.
func IsWouldBlock(err error) bool { return errors.Is(err, syscall.EAGAIN) }

// Strerror words err as C's strerror does ("No such file or directory"),
// which is what qemu-ga appends to its error texts. Errors that carry no
// errno keep their own text.
func Strerror(err error) string {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return err.Error()
	}
	s := errno.Error()
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	// Go's texts are glibc's with the first letter lowered.
	return string(s[0]-'a'+'A') + s[1:]
}
