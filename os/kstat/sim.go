package kstat

import (
	"fmt"

	"github.com/goqga/goqga/os/sim"
)

// Sim serves the simulated guest's counters, checked once.
type Sim struct {
	cpus  []CPUStat
	disks []DiskStat
}

// NewSim checks w's counters (4 to 10 per CPU; 4, 11, 15 or 17 per
// device) and serves them.
func NewSim(w *sim.World) (*Sim, error) {
	k := w.Kernel
	if len(k.CPUStats) > MaxEntries || len(k.DiskStats) > MaxEntries {
		return nil, fmt.Errorf("sim kernel: more than %d counter lines", MaxEntries)
	}
	s := &Sim{}
	for _, c := range k.CPUStats {
		if len(c.Ticks) < 4 || len(c.Ticks) > 10 {
			return nil, fmt.Errorf("sim cpustats cpu%d: %d counters, want 4 to 10", c.CPU, len(c.Ticks))
		}
		cs := CPUStat{CPU: c.CPU, N: len(c.Ticks)}
		copy(cs.Ticks[:], c.Ticks)
		s.cpus = append(s.cpus, cs)
	}
	for _, d := range k.DiskStats {
		switch n := len(d.Counters); {
		case n != 4 && n != 11 && n != 15 && n != 17:
			return nil, fmt.Errorf("sim diskstats %s: %d counters, want 4, 11, 15 or 17", d.Name, n)
		case d.Name == "":
			return nil, fmt.Errorf("sim diskstats %d:%d: no name", d.Major, d.Minor)
		}
		ds := DiskStat{Major: d.Major, Minor: d.Minor, Name: d.Name, N: len(d.Counters)}
		copy(ds.Counters[:], d.Counters)
		s.disks = append(s.disks, ds)
	}
	return s, nil
}

// CPUStats returns a copy of the simulated per-CPU counters.
func (s *Sim) CPUStats() ([]CPUStat, error) { return append([]CPUStat(nil), s.cpus...), nil }

// DiskStats returns a copy of the simulated device counters.
func (s *Sim) DiskStats() ([]DiskStat, error) { return append([]DiskStat(nil), s.disks...), nil }
