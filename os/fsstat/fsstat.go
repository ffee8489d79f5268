package fsstat

import (
	"fmt"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/os/sim"
)

// Usage is statvfs's answer: counts of Frsize-byte fragments.
type Usage struct {
	Blocks uint64 // f_blocks: the filesystem's size
	Bfree  uint64 // f_bfree: free, counting root's reserve
	Bavail uint64 // f_bavail: free for unprivileged users
	Frsize uint64 // f_frsize
}

// Source answers statvfs for a mount point.
type Source interface {
	Statvfs(path string) (Usage, error)
}

// Linux is the real statvfs.
type Linux struct{}

// Statvfs calls statfs(2) on path.
func (Linux) Statvfs(path string) (Usage, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return Usage{}, err
	}
	fr := uint64(st.Frsize)
	if fr == 0 {
		fr = uint64(st.Bsize)
	}
	return Usage{Blocks: st.Blocks, Bfree: st.Bfree, Bavail: st.Bavail, Frsize: fr}, nil
}

// Sim answers from the simulated guest's World.Storage.Usage; a mount
// point without an entry fails with ENOENT.
type Sim struct{ usage map[string]Usage }

// NewSim checks the World's usages (avail <= free <= size) and serves them.
func NewSim(w *sim.World) (*Sim, error) {
	s := &Sim{usage: map[string]Usage{}}
	for p, u := range w.Storage.Usage {
		fr := u.Frsize
		if fr == 0 {
			fr = 4096
		}
		if u.Avail > u.Free || u.Free > u.Size {
			return nil, fmt.Errorf("sim usage of %s: want avail <= free <= size", p)
		}
		s.usage[p] = Usage{Blocks: u.Size / fr, Bfree: u.Free / fr, Bavail: u.Avail / fr, Frsize: fr}
	}
	return s, nil
}

// Statvfs answers for one mount point.
func (s *Sim) Statvfs(path string) (Usage, error) {
	u, ok := s.usage[path]
	if !ok {
		return Usage{}, syscall.ENOENT
	}
	return u, nil
}

// WithFaults puts os.statvfs@MOUNT in front of s.
func WithFaults(s Source, inj *faults.Injector) Source {
	if inj == nil {
		return s
	}
	return faulty{s: s, inj: inj}
}

type faulty struct {
	s   Source
	inj *faults.Injector
}

func (f faulty) Statvfs(path string) (Usage, error) {
	if err := f.inj.Hit(pointStatvfs, path); err != nil {
		return Usage{}, err
	}
	return f.s.Statvfs(path)
}

var pointStatvfs = faults.Declare("os.statvfs", "each statvfs of a mount point (guest-get-fsinfo); delay and hang show the deadline", "the mount point")
