package users

import (
	"time"

	"github.com/goqga/goqga/os/deadline"
)

// ReadDeadline bounds one listing of utmp or of logind's sessions.
const ReadDeadline = 5 * time.Second

// WithDeadline bounds every call of s (they read /var/run and /run, which
// a hung filesystem could stall): the sysinfo domain's lane never waits
// longer than d; a listing still stuck in the kernel refuses the next one
// at once with deadline.ErrBusy.
func WithDeadline(s Source, d time.Duration) Source {
	return bounded{s: s, g: &deadline.Guard{}, d: d}
}

type bounded struct {
	s Source
	g *deadline.Guard
	d time.Duration
}

func (b bounded) Utmp() ([]Login, error) { return deadline.Run(b.g, "utmp", b.d, b.s.Utmp) }

func (b bounded) Sessions() ([]Login, error) { return deadline.Run(b.g, "sessions", b.d, b.s.Sessions) }
