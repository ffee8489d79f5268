package freeze

import "github.com/goqga/goqga/faults"

// MountinfoPath is the file Linux lists mounts in; it is also the target
// of the os.mountinfo fault point for every backend.
const MountinfoPath = "/proc/self/mountinfo"

// WithFaults wraps f so that every call first passes its fault point:
// os.mountinfo (target MountinfoPath), os.freeze@MOUNT, os.thaw@MOUNT. An
// injected error on freeze or thaw comes back as the *OpError the real
// call would give, so errno decisions (EBUSY skipped, ...) apply to it.
func WithFaults(f Freezer, inj *faults.Injector) Freezer {
	if inj == nil {
		return f
	}
	return &faulty{f: f, inj: inj}
}

type faulty struct {
	f   Freezer
	inj *faults.Injector
}

func (x *faulty) Mounts() ([]Mount, error) { return ListerWithFaults(x.f, x.inj).Mounts() }

func (x *faulty) Freeze(path string) error {
	if err := x.inj.Hit(pointFreeze, path); err != nil {
		return &OpError{Op: "freeze", Path: path, Err: err}
	}
	return x.f.Freeze(path)
}

func (x *faulty) Thaw(path string) error {
	if err := x.inj.Hit(pointThaw, path); err != nil {
		return &OpError{Op: "thaw", Path: path, Err: err}
	}
	return x.f.Thaw(path)
}

// The freeze domain's fault points.
var (
	pointMountinfo = faults.Declare("os.mountinfo", "listing mounts", "/proc/self/mountinfo")
	pointFreeze    = faults.Declare("os.freeze", "each FIFREEZE", "the mount point")
	pointThaw      = faults.Declare("os.thaw", "each FITHAW", "the mount point")
	pointMark      = faults.Declare("os.mark", "creating qga.state.isfrozen", "the marker's path")
	pointUnmark    = faults.Declare("os.unmark", "removing qga.state.isfrozen", "the marker's path")
)

// Lister lists mounts in mount order; every Freezer is one. The
// filesystem and trim domains list mounts through it.
type Lister interface {
	Mounts() ([]Mount, error)
}

// ListerFunc adapts a function to Lister (SimMounts over a World).
type ListerFunc func() ([]Mount, error)

// Mounts calls f.
func (f ListerFunc) Mounts() ([]Mount, error) { return f() }

// ListerWithFaults puts os.mountinfo in front of l, as WithFaults does
// for a Freezer.
func ListerWithFaults(l Lister, inj *faults.Injector) Lister {
	if inj == nil {
		return l
	}
	return ListerFunc(func() ([]Mount, error) {
		if err := inj.Hit(pointMountinfo, MountinfoPath); err != nil {
			return nil, &OpError{Op: "read", Path: MountinfoPath, Err: err}
		}
		return l.Mounts()
	})
}
