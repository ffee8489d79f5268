// Package smallfile reads the small text files of /proc, /etc and /run
// whole, up to a bound: a file larger than the bound is an error
// (ErrTooLarge), never a silent cut that a parser would take for the
// whole file.
//
// It reads with plain system calls, not os.File: a file of /proc is one
// the runtime would register with its poller and unregister again, two
// system calls more than open, read and close for a read of microseconds
// (KubeVirt asks for the load every 20 s; docs/PERFORMANCE.md).
//
// Invariants: at most max+1 bytes are read; the descriptor is opened
// close-on-exec and closed before Read returns.
package smallfile

import (
	"errors"
	"fmt"
	"io/fs"

	"golang.org/x/sys/unix"
)

// ErrTooLarge: the file holds more than the caller's bound.
var ErrTooLarge = errors.New("file too large")

// Read returns path's contents, at most max bytes; a larger file is an
// error wrapping ErrTooLarge that names the path and the bound. Errors
// are *fs.PathError, as os.Open's.
func Read(path string, max int64) ([]byte, error) {
	fd, err := openRetry(path)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	b := make([]byte, 0, min(max+1, 4096))
	for int64(len(b)) <= max {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := unix.Read(fd, b[len(b):min(int64(cap(b)), max+1)])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			return b, nil
		}
		b = b[:len(b)+n]
	}
	return nil, fmt.Errorf("%s: larger than %d bytes: %w", path, max, ErrTooLarge)
}

func openRetry(path string) (int, error) {
	for {
		fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}
