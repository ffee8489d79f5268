package power

import (
	"slices"

	"github.com/goqga/goqga/os/sim"
)

// Sim is the simulated guest's power: it journals what a real guest would
// have done and supports the suspend modes its World lists.
type Sim struct {
	World   *sim.World
	Journal *sim.Journal
}

// NewSim returns the simulated backend over w and j.
func NewSim(w *sim.World, j *sim.Journal) *Sim { return &Sim{World: w, Journal: j} }

// Shutdown journals {"op":"shutdown","mode":m}.
func (s *Sim) Shutdown(m Mode) error {
	s.Journal.Record(map[string]any{"op": "shutdown", "mode": string(m)})
	return nil
}

// Suspend journals {"op":"suspend","mode":m} when the World supports m.
func (s *Sim) Suspend(m SuspendMode) error {
	if !slices.Contains(s.World.Power.Suspend, string(m)) {
		return ErrUnsupported
	}
	s.Journal.Record(map[string]any{"op": "suspend", "mode": string(m)})
	return nil
}
