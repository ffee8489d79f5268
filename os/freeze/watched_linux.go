//go:build linux

package freeze

import (
	"bytes"
	"slices"
	"sync"

	"golang.org/x/sys/unix"
)

// Watched lists the mount table like Linux.Mounts, but reads and parses
// it again only when the kernel says it changed. It keeps the table open:
// the kernel marks an open mountinfo with POLLPRI when a mount or unmount
// changes the namespace (proc(5)), so one poll(2) that finds nothing
// replaces printing and parsing the whole table, the larger part of
// guest-get-fsinfo's cost. Any doubt (no descriptor, a failed poll or
// read) reads the table again.
//
// Only the filesystem and trim domains use it; the freeze domain reads
// the table itself before every freeze, trusting nothing cached.
type Watched struct {
	Path string // MountinfoPath when ""

	mu     sync.Mutex
	fd     int // the open table; 0 before the first call
	cached []Mount
}

// Mounts returns the mount table, from the cache while the kernel reports
// no change.
func (w *Watched) Mounts() ([]Mount, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cached != nil && !w.changed() {
		return slices.Clone(w.cached), nil
	}
	w.cached = nil
	if w.fd <= 0 {
		fd, err := unix.Open(w.path(), unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			return nil, &OpError{Op: "open", Path: w.path(), Err: err}
		}
		w.fd = fd
	}
	mounts, err := w.read()
	if err != nil {
		unix.Close(w.fd)
		w.fd = 0
		return nil, &OpError{Op: "read", Path: w.path(), Err: err}
	}
	w.cached = mounts
	return slices.Clone(mounts), nil
}

func (w *Watched) path() string {
	if w.Path == "" {
		return MountinfoPath
	}
	return w.Path
}

// changed polls the open table without waiting: POLLPRI (with POLLERR)
// means the namespace changed since the last poll; a failure counts as a
// change.
func (w *Watched) changed() bool {
	fds := []unix.PollFd{{Fd: int32(w.fd), Events: unix.POLLPRI}}
	for {
		n, err := unix.Poll(fds, 0)
		if err == unix.EINTR {
			continue
		}
		return err != nil || n != 0
	}
}

// read reads the open table from its start and parses it.
func (w *Watched) read() ([]Mount, error) {
	if _, err := unix.Seek(w.fd, 0, 0); err != nil {
		return nil, err
	}
	buf := tablePool.Get().(*[]byte)
	defer tablePool.Put(buf)
	b, err := readFd(w.fd, (*buf)[:0])
	if cap(b) <= maxPooled {
		*buf = b
	}
	if err != nil {
		return nil, err
	}
	return ParseMountinfo(bytes.NewReader(b))
}
