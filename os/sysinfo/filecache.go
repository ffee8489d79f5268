//go:build linux

package sysinfo

import (
	"errors"
	"io/fs"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/goqga/goqga/os/smallfile"
)

// fileCache keeps what was made of a file until the file changes: one
// stat per call instead of an open, reads and a close (and a parse), on
// every poll KubeVirt makes. A file replaced (another inode), rewritten
// (size, mtime, ctime) or removed is read again.
type fileCache struct {
	mu      sync.Mutex
	entries map[string]cachedFile // a few fixed paths
}

type cachedFile struct {
	id fileID
	v  any
}

type fileID struct {
	dev, ino     uint64
	size         int64
	mtime, ctime unix.Timespec
}

// get returns build(path's contents), read up to max bytes, or what it
// returned for the same file before. A missing file is an error matching
// fs.ErrNotExist; build's errors are not kept. What build returns is
// shared by every caller: nobody may change it.
func (c *fileCache) get(path string, max int64, build func([]byte) (any, error)) (any, error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		if errors.Is(err, unix.ENOENT) {
			err = fs.ErrNotExist
		}
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	id := fileID{dev: st.Dev, ino: st.Ino, size: st.Size, mtime: st.Mtim, ctime: st.Ctim}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[path]; ok && e.id == id {
		return e.v, nil
	}
	b, err := smallfile.Read(path, max)
	if err != nil {
		return nil, err
	}
	v, err := build(b)
	if err != nil {
		return nil, err
	}
	if c.entries == nil {
		c.entries = map[string]cachedFile{}
	}
	c.entries[path] = cachedFile{id: id, v: v}
	return v, nil
}
