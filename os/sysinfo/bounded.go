package sysinfo

import (
	"time"

	"github.com/goqga/goqga/os/deadline"
)

// ReadDeadline bounds a read of a file WithDeadline guards.
const ReadDeadline = 5 * time.Second

// WithDeadline bounds the calls of s that read files (os-release, the
// zone file), which a hung filesystem under /etc or /usr could stall: the
// sysinfo domain's lane never waits longer than d. A read that timed out
// still runs in the kernel; until it returns, the same call is refused at
// once with deadline.ErrBusy. uname, gethostname and sysinfo(2) ask the
// kernel alone and run as they are.
func WithDeadline(s Source, d time.Duration) Source {
	return bounded{Source: s, g: &deadline.Guard{}, d: d}
}

type bounded struct {
	Source
	g *deadline.Guard
	d time.Duration
}

type osRelease struct {
	text []byte
	path string
}

func (b bounded) OSRelease() ([]byte, string, error) {
	r, err := deadline.Run(b.g, "os-release", b.d, func() (osRelease, error) {
		text, path, err := b.Source.OSRelease()
		return osRelease{text, path}, err
	})
	return r.text, r.path, err
}

func (b bounded) Zone(ns int64) (Zone, error) {
	return deadline.Run(b.g, "zone", b.d, func() (Zone, error) { return b.Source.Zone(ns) })
}
