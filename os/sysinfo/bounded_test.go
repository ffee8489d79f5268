package sysinfo

import (
	"errors"
	"testing"
	"time"

	"github.com/goqga/goqga/os/deadline"
	"github.com/goqga/goqga/os/sim"
)

type hung struct {
	*Sim
	release chan struct{}
}

func (h hung) OSRelease() ([]byte, string, error) { <-h.release; return nil, "", nil }

// A hung os-release read costs its deadline once, then is refused at
// once; the calls that only ask the kernel are not bounded or held up.
func TestWithDeadline(t *testing.T) {
	h := hung{Sim: NewSim(sim.Default()), release: make(chan struct{})}
	defer close(h.release)
	b := WithDeadline(h, 50*time.Millisecond)
	var te *deadline.TimeoutError
	if _, _, err := b.OSRelease(); !errors.As(err, &te) {
		t.Fatalf("hung os-release: %v", err)
	}
	if _, _, err := b.OSRelease(); !errors.Is(err, deadline.ErrBusy) {
		t.Fatalf("second call: %v", err)
	}
	if z, err := b.Zone(0); err != nil || z.Name != "UTC" {
		t.Fatalf("zone: %+v %v", z, err)
	}
	if n, err := b.HostName(); err != nil || n != "sim-guest" {
		t.Fatalf("host name: %q %v", n, err)
	}
}
