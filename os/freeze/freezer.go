package freeze

import (
	"errors"
	"syscall"

	"github.com/goqga/goqga/os/files"
)

// Freezer is the OS capability behind guest-fsfreeze-*.
type Freezer interface {
	// Mounts lists every mounted filesystem in mount order.
	Mounts() ([]Mount, error)
	// Freeze issues one FIFREEZE on the filesystem mounted at path.
	Freeze(path string) error
	// Thaw issues one FITHAW; it fails (EINVAL) when path is not frozen.
	Thaw(path string) error
}

// MaxThaws bounds the FITHAW calls ThawAll makes per mount. Linux refuses
// a second FIFREEZE from user space (EBUSY), so one FITHAW thaws; a few
// more cover kernels that nest freezes.
const MaxThaws = 16

// OpError is a failed call on one filesystem, worded as qemu-ga words it:
// "failed to freeze /home: Input/output error".
type OpError struct {
	Op   string // "open", "freeze" or "thaw"
	Path string
	Err  error
}

func (e *OpError) Error() string {
	return "failed to " + e.Op + " " + e.Path + ": " + files.Strerror(e.Err)
}

func (e *OpError) Unwrap() error { return e.Err }

// List returns the filesystems qemu-ga would freeze, in mount order.
func List(f Freezer) ([]Mount, error) {
	all, err := f.Mounts()
	if err != nil {
		return nil, err
	}
	return Freezable(all), nil
}

// FreezeAll freezes paths in the given order and returns how many it
// froze. A filesystem that answers FIFREEZE with EOPNOTSUPP (it cannot be
// frozen) or EBUSY (frozen already, e.g. through a bind mount) is skipped
// and not counted. Any other failure stops at once: the count so far is
// returned with the error, and the caller must thaw.
func FreezeAll(f Freezer, paths []string) (int, error) {
	n := 0
	for _, p := range paths {
		err := f.Freeze(p)
		if err == nil {
			n++
			continue
		}
		if skippable(err) {
			continue
		}
		return n, err
	}
	return n, nil
}

// skippable reports a FIFREEZE failure that qemu-ga ignores; failing to
// open the mount point is never one.
func skippable(err error) bool {
	var op *OpError
	if errors.As(err, &op) && op.Op != "freeze" {
		return false
	}
	return errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.EBUSY)
}

// ThawAll thaws every path, repeating FITHAW until it fails (at most
// MaxThaws times), and returns how many paths at least one FITHAW thawed.
// It never stops early. Unlike qemu-ga, it does not take every failure
// for "not frozen": a path whose first FITHAW fails with anything but
// EINVAL or EOPNOTSUPP (not frozen, cannot be frozen) or whose mount point
// no longer exists may still be frozen, and comes back in the error, so
// the caller keeps the agent frozen rather than open the gate over it.
func ThawAll(f Freezer, paths []string) (int, error) {
	n := 0
	var stuck []error
	for _, p := range paths {
		thawed := false
		for range MaxThaws {
			err := f.Thaw(p)
			if err == nil {
				thawed = true
				continue
			}
			if !thawed && !notFrozen(err) {
				stuck = append(stuck, err)
			}
			break
		}
		if thawed {
			n++
		}
	}
	return n, errors.Join(stuck...)
}

// notFrozen reports a FITHAW failure that proves the filesystem is not
// frozen: EINVAL (the kernel's "not frozen"), EOPNOTSUPP (it cannot be),
// or a mount point that does not exist.
func notFrozen(err error) bool {
	var op *OpError
	if errors.As(err, &op) && op.Op == "open" {
		return errors.Is(err, syscall.ENOENT)
	}
	return errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.EOPNOTSUPP)
}
