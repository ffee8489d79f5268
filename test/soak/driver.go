package soak

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/goqga/goqga/test/agenttest"
)

// rotateEvery is how many batches pass between open/close cycles.
const rotateEvery = 32

// driver runs batches over sessions and keeps the counters.
type driver struct {
	a       *agenttest.Agent
	o       Options
	rng     *rand.Rand
	r       *Report
	s       *session
	sent    int // requests since the session opened
	batches int
	total   int
	peak    int64
}

// open starts a session with a full pool of handles.
func (d *driver) open() error {
	s, err := dialSession(d.a.Sock, "/", d.rng, d.o.Timeout) // files in the simulated guest's /
	if err != nil {
		return err
	}
	d.s, d.sent = s, 0
	d.r.Sessions++
	for range poolSize {
		if err := s.rotate(); err != nil {
			return err
		}
	}
	return nil
}

// run sends n requests of the mix.
func (d *driver) run(n int) error {
	for done := 0; done < n; {
		if d.sent >= d.o.Reconnect {
			if err := d.s.closeAll(); err != nil {
				return err
			}
			if err := d.open(); err != nil {
				return err
			}
		}
		k := min(d.o.Depth, n-done)
		if err := d.s.batch(k, d.r.Counts); err != nil {
			return fmt.Errorf("after %d requests: %w", d.total, err)
		}
		done, d.sent, d.total = done+k, d.sent+k, d.total+k
		if d.batches++; d.batches%rotateEvery == 0 {
			if err := d.s.rotate(); err != nil {
				return err
			}
			d.r.Counts["open/close cycle"]++
		}
		if d.batches%4096 == 0 {
			d.progress()
		}
	}
	return nil
}

func (d *driver) progress() {
	p, err := d.a.Proc()
	if err != nil {
		return
	}
	d.peak = max(d.peak, p.RSSBytes)
	if d.o.Progress != nil {
		fmt.Fprintf(d.o.Progress, "%s %d requests, RSS %.1f MB, %d fds\n",
			time.Now().Format("15:04:05"), d.total, float64(p.RSSBytes)/1e6, p.FDs)
	}
}

// sample reads the agent's figures, once its goroutines have settled
// (an Op goroutine of the last batch may still be on its way out).
func (d *driver) sample() (Sample, error) {
	time.Sleep(200 * time.Millisecond)
	st, err := d.a.Stats(d.o.Timeout)
	if err != nil {
		return Sample{}, err
	}
	p, err := d.a.Proc()
	if err != nil {
		return Sample{}, err
	}
	d.peak = max(d.peak, p.RSSBytes)
	return Sample{RSSBytes: p.RSSBytes, FDs: p.FDs, Goroutines: st.Goroutines, HeapBytes: st.HeapBytes}, nil
}
