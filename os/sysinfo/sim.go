package sysinfo

import "github.com/goqga/goqga/os/sim"

// Sim serves the simulated guest's World. It only reads it.
type Sim struct{ w *sim.SysInfo }

// NewSim serves w's sysinfo.
func NewSim(w *sim.World) *Sim { return &Sim{w: &w.SysInfo} }

// HostName is the World's host name.
func (s *Sim) HostName() (string, error) { return s.w.HostName, nil }

// Uname is the World's kernel.
func (s *Sim) Uname() (Uname, error) { return Uname(s.w.Uname), nil }

// OSRelease is the first of the World's two files that exists.
func (s *Sim) OSRelease() ([]byte, string, error) {
	for i, t := range []*string{s.w.OSRelease, s.w.UsrLibOSRelease} {
		if t != nil {
			return []byte(*t), OSReleasePaths[i], nil
		}
	}
	return nil, "", ErrNoOSRelease
}

// Zone is the World's fixed zone.
func (s *Sim) Zone(int64) (Zone, error) { return Zone(s.w.Zone), nil }

// LoadAvg is the World's load.
func (s *Sim) LoadAvg() ([3]float64, error) { return s.w.Load, nil }
