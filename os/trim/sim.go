package trim

import (
	"fmt"

	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/os/sim"
)

// Sim trims the simulated guest: a mount's World.Storage.Trim entry
// answers (bytes trimmed, or an errno), else the free bytes of its usage,
// else 0. Every successful trim is journaled as
// {"op":"fstrim","mount":"/home","minimum":0,"trimmed":1234}.
type Sim struct {
	results map[string]sim.Trim
	usage   map[string]sim.Usage
	journal *sim.Journal
}

// NewSim checks the World's trim errors name errnos and serves them.
func NewSim(w *sim.World, j *sim.Journal) (*Sim, error) {
	for p, t := range w.Storage.Trim {
		if t.Error != "" {
			if _, ok := faults.Errno(t.Error); !ok {
				return nil, fmt.Errorf("sim trim of %s: unknown errno %q", p, t.Error)
			}
		}
	}
	return &Sim{results: w.Storage.Trim, usage: w.Storage.Usage, journal: j}, nil
}

// Trim answers one FITRIM.
func (s *Sim) Trim(path string, minimum uint64) (Result, error) {
	r, ok := s.results[path]
	if !ok {
		r.Trimmed = s.usage[path].Free
	}
	if r.Error != "" {
		e, _ := faults.Errno(r.Error)
		return Result{}, &OpError{Op: "trim", Err: e}
	}
	s.journal.Record(map[string]any{"op": "fstrim", "mount": path, "minimum": minimum, "trimmed": r.Trimmed})
	return Result{Trimmed: r.Trimmed, Minimum: minimum}, nil
}
