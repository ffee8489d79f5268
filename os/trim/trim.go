package trim

import (
	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/os/files"
)

// Trimmer discards the free blocks of the filesystem mounted at path,
// skipping free extents shorter than minimum bytes.
type Trimmer interface {
	Trim(path string, minimum uint64) (Result, error)
}

// Result is the kernel's answer: the bytes trimmed, and the minimum it
// used (ext4 raises it to the device's discard granularity).
type Result struct {
	Trimmed, Minimum uint64
}

// OpError is a failed step: Op is "open" or "trim".
type OpError struct {
	Op  string
	Err error
}

func (e *OpError) Error() string { return "failed to " + e.Op + ": " + files.Strerror(e.Err) }

func (e *OpError) Unwrap() error { return e.Err }

// WithFaults puts os.fitrim@MOUNT in front of t; an injected error is a
// failed trim (the ioctl's errno).
func WithFaults(t Trimmer, inj *faults.Injector) Trimmer {
	if inj == nil {
		return t
	}
	return faulty{t: t, inj: inj}
}

type faulty struct {
	t   Trimmer
	inj *faults.Injector
}

func (f faulty) Trim(path string, minimum uint64) (Result, error) {
	if err := f.inj.Hit(pointFitrim, path); err != nil {
		return Result{}, &OpError{Op: "trim", Err: err}
	}
	return f.t.Trim(path, minimum)
}

var pointFitrim = faults.Declare("os.fitrim", "each FITRIM of a mount point (guest-fstrim); delay and hang show ping and fsinfo answering meanwhile", "the mount point")
