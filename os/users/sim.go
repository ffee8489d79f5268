package users

import (
	"io/fs"

	"github.com/goqga/goqga/os/sim"
)

// Sim serves the simulated guest's logins.
type Sim struct{ w *sim.SysInfo }

// NewSim serves w's utmp and sessions.
func NewSim(w *sim.World) *Sim { return &Sim{w: &w.SysInfo} }

// Utmp is the World's utmp; fs.ErrNotExist when it has none (nil).
func (s *Sim) Utmp() ([]Login, error) {
	if s.w.Utmp == nil {
		return nil, &fs.PathError{Op: "open", Path: UtmpPath, Err: fs.ErrNotExist}
	}
	return convert(s.w.Utmp), nil
}

// Sessions is the World's logind sessions.
func (s *Sim) Sessions() ([]Login, error) { return convert(s.w.Sessions), nil }

func convert(in []sim.Login) []Login {
	out := make([]Login, len(in))
	for i, l := range in {
		out[i] = Login(l)
	}
	return out
}
