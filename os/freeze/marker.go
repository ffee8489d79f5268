package freeze

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/os/statedir"
)

// MarkerName is the file in the state directory that says "filesystems
// may be frozen"; qemu-ga uses the same name, so either agent picks up
// where the other left off.
const MarkerName = "qga.state.isfrozen"

// Marker is STATEDIR/qga.state.isfrozen. It is created before the first
// FIFREEZE and removed after the thaw: an agent that finds it at start-up
// died while frozen and must start frozen. Create and Remove pass the
// fault points os.mark and os.unmark (target: the marker's path).
type Marker struct {
	Path   string
	Faults *faults.Injector
}

// NewMarker returns the marker of state directory dir.
func NewMarker(dir string, inj *faults.Injector) *Marker {
	return &Marker{Path: filepath.Join(dir, MarkerName), Faults: inj}
}

// Exists reports whether the marker is there. Any doubt (a stat error
// other than "does not exist") counts as there: starting frozen is the
// safe mistake.
func (m *Marker) Exists() bool {
	_, err := os.Stat(m.Path)
	return !errors.Is(err, fs.ErrNotExist)
}

// Create makes the marker, empty, durably (written, synced, renamed into
// place, directory synced) so it survives a crash of the guest too.
func (m *Marker) Create() error {
	if err := m.Faults.Hit(pointMark, m.Path); err != nil {
		return &OpError{Op: "create", Path: m.Path, Err: err}
	}
	if err := statedir.WriteAtomic(m.Path, nil, 0o600); err != nil {
		return &OpError{Op: "create", Path: m.Path, Err: err}
	}
	return nil
}

// Remove deletes the marker; a marker already gone is not an error.
func (m *Marker) Remove() error {
	if err := m.Faults.Hit(pointUnmark, m.Path); err != nil {
		return &OpError{Op: "remove", Path: m.Path, Err: err}
	}
	if err := os.Remove(m.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return &OpError{Op: "remove", Path: m.Path, Err: err}
	}
	return nil
}
