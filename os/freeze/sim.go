package freeze

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"syscall"

	"github.com/goqga/goqga/os/sim"
)

// Sim freezes the simulated guest of --os sim: a mount of the World is
// frozen or not, and every successful freeze or thaw is journaled as
// {"op":"freeze","mount":"/home"} or {"op":"thaw","mount":"/home"}. It
// answers like Linux: EBUSY for a second freeze, EINVAL for thawing a
// thawed filesystem, ENOENT for a path that is not mounted, EOPNOTSUPP
// for a virtual filesystem.
//
// The journal is the simulated kernel's memory: NewSim replays it, so an
// agent killed while frozen and started again on the same journal finds
// the mounts still frozen, as a real guest would.
type Sim struct {
	world   *sim.World
	journal *sim.Journal
	mu      sync.Mutex
	frozen  map[string]bool
}

// NewSim returns the simulated freezer over w, journaling to j, with the
// frozen mounts of the journal at replay ("" replays nothing).
func NewSim(w *sim.World, j *sim.Journal, replay string) (*Sim, error) {
	frozen, err := ReplayJournal(replay)
	if err != nil {
		return nil, err
	}
	s := &Sim{world: w, journal: j, frozen: map[string]bool{}}
	for p := range frozen {
		if _, ok := s.mount(p); ok { // a mount the World no longer has is gone
			s.frozen[p] = true
		}
	}
	return s, nil
}

// Mounts lists the World's mounts.
func (s *Sim) Mounts() ([]Mount, error) { return SimMounts(s.world) }

// SimMounts lists w's mounts as the simulated mountinfo has them; the
// source of a mount on a device is "/dev/block/MAJOR:MINOR", of a virtual
// one its type. The filesystem domain lists mounts through it too.
func SimMounts(w *sim.World) ([]Mount, error) {
	out := make([]Mount, 0, len(w.Mounts))
	for _, m := range w.Mounts {
		major, minor, ok := parseDev(m.Dev)
		if !ok {
			return nil, fmt.Errorf("simulated mount %s has a bad dev %q (want major:minor)", m.Path, m.Dev)
		}
		src := m.Type
		if major != 0 {
			src = "/dev/block/" + m.Dev
		}
		out = append(out, Mount{Path: m.Path, Type: m.Type, Major: major, Minor: minor, Source: src})
	}
	return out, nil
}

// Freeze freezes the simulated filesystem at path.
func (s *Sim) Freeze(path string) error {
	m, ok := s.mount(path)
	if !ok {
		return &OpError{Op: "open", Path: path, Err: syscall.ENOENT}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case strings.HasPrefix(m.Dev, "0:") && m.Type != "btrfs":
		return &OpError{Op: "freeze", Path: path, Err: syscall.EOPNOTSUPP}
	case s.frozen[path]:
		return &OpError{Op: "freeze", Path: path, Err: syscall.EBUSY}
	}
	s.frozen[path] = true
	s.journal.Record(map[string]any{"op": "freeze", "mount": path})
	return nil
}

// Thaw thaws the simulated filesystem at path.
func (s *Sim) Thaw(path string) error {
	if _, ok := s.mount(path); !ok {
		return &OpError{Op: "open", Path: path, Err: syscall.ENOENT}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.frozen[path] {
		return &OpError{Op: "thaw", Path: path, Err: syscall.EINVAL}
	}
	delete(s.frozen, path)
	s.journal.Record(map[string]any{"op": "thaw", "mount": path})
	return nil
}

func (s *Sim) mount(path string) (sim.Mount, bool) {
	for _, m := range s.world.Mounts {
		if m.Path == path {
			return m, true
		}
	}
	return sim.Mount{}, false
}

// String renders the simulated guest's filesystems, one per line:
// "/home xfs frozen".
func (s *Sim) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	for _, m := range s.world.Mounts {
		state := "thawed"
		if s.frozen[m.Path] {
			state = "frozen"
		}
		fmt.Fprintf(&b, "%s %s %s\n", m.Path, m.Type, state)
	}
	return b.String()
}

// ReplayJournal returns the mounts a journal leaves frozen: the last
// freeze or thaw of each mount wins. Other lines (other domains' side
// effects, a torn last line) are ignored; a missing file is empty.
func ReplayJournal(path string) (map[string]bool, error) {
	frozen := map[string]bool{}
	if path == "" {
		return frozen, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return frozen, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot replay --sim-journal: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	for sc.Scan() {
		var e struct{ Op, Mount string }
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Mount == "" {
			continue
		}
		switch e.Op {
		case "freeze":
			frozen[e.Mount] = true
		case "thaw":
			delete(frozen, e.Mount)
		}
	}
	return frozen, sc.Err()
}
