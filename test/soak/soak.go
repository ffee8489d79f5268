package soak

import (
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/goqga/goqga/test/agenttest"
)

// Options shape a run.
type Options struct {
	Agent     string        // the agent binary
	Dir       string        // the run's directory (socket, state, files)
	Requests  int           // requests after the warm-up; default 1,000,000
	Depth     int           // requests per write (in flight at once); default 16
	Reconnect int           // a new session every this many requests; default 50,000
	Warmup    int           // requests before the start sample; default 20,000
	Seed      uint64        // 0: from the clock
	Timeout   time.Duration // per reply; default 30 s
	Progress  io.Writer     // progress lines; nil: none
	Flags     []string      // more agent flags
}

func (o *Options) defaults() {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Requests, 1_000_000)
	def(&o.Depth, 16)
	def(&o.Reconnect, 50_000)
	def(&o.Warmup, 20_000)
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Seed == 0 {
		o.Seed = uint64(time.Now().UnixNano())
	}
}

// Sample is the agent's figures at one moment.
type Sample struct {
	RSSBytes   int64 // /proc/PID/status VmRSS, read from outside
	FDs        int   // /proc/PID/fd, read from outside
	Goroutines int   // the agent's own count (SIGUSR1)
	HeapBytes  uint64
}

func (s Sample) String() string {
	return fmt.Sprintf("RSS %.1f MB, %d fds, %d goroutines, heap %.1f MB",
		float64(s.RSSBytes)/1e6, s.FDs, s.Goroutines, float64(s.HeapBytes)/1e6)
}

// Report is a run's outcome.
type Report struct {
	Seed       uint64
	Requests   int // after the warm-up
	Sessions   int
	Duration   time.Duration
	Start, End Sample
	PeakRSS    int64
	Counts     map[string]int // replies checked, by kind (warm-up included)
}

func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d requests in %v (%.0f/s), %d sessions, seed %d\n", r.Requests, r.Duration.Round(time.Millisecond),
		float64(r.Requests)/r.Duration.Seconds(), r.Sessions, r.Seed)
	fmt.Fprintf(&b, "start: %v\nend:   %v\npeak RSS %.1f MB\n", r.Start, r.End, float64(r.PeakRSS)/1e6)
	names := make([]string, 0, len(r.Counts))
	for n := range r.Counts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "  %-30s %d\n", n, r.Counts[n])
	}
	return b.String()
}

// Tolerance is how much each figure may grow from start to end.
type Tolerance struct {
	RSSBytes   int64
	FDs        int
	Goroutines int
}

// DefaultTolerance: no descriptor, no goroutine; RSS within 16 MB, room
// for the garbage collector's pacing, not for a leak of a million
// requests (16 bytes each would already be 16 MB).
var DefaultTolerance = Tolerance{RSSBytes: 16 << 20, FDs: 0, Goroutines: 0}

// Check reports every figure that grew beyond t.
func (r Report) Check(t Tolerance) error {
	var bad []string
	if d := r.End.RSSBytes - r.Start.RSSBytes; d > t.RSSBytes {
		bad = append(bad, fmt.Sprintf("RSS grew %.1f MB (tolerance %.1f MB)", float64(d)/1e6, float64(t.RSSBytes)/1e6))
	}
	if d := r.End.FDs - r.Start.FDs; d > t.FDs {
		bad = append(bad, fmt.Sprintf("descriptors grew by %d (tolerance %d)", d, t.FDs))
	}
	if d := r.End.Goroutines - r.Start.Goroutines; d > t.Goroutines {
		bad = append(bad, fmt.Sprintf("goroutines grew by %d (tolerance %d)", d, t.Goroutines))
	}
	if len(bad) > 0 {
		return fmt.Errorf("%s", strings.Join(bad, "; "))
	}
	return nil
}

// Run starts the agent, runs the warm-up and the requests, samples, and
// stops the agent (which must exit cleanly).
func Run(o Options) (Report, error) {
	o.defaults()
	a, err := agenttest.Start(o.Agent, o.Dir, o.Flags...)
	if err != nil {
		return Report{}, err
	}
	r := Report{Seed: o.Seed, Requests: o.Requests, Counts: map[string]int{}}
	runErr := drive(a, o, &r)
	if stopErr := a.Stop(time.Minute); runErr == nil && stopErr != nil {
		runErr = fmt.Errorf("the agent did not exit cleanly: %v", stopErr)
	}
	return r, runErr
}

// drive runs the warm-up, samples, runs the requests and samples again.
func drive(a *agenttest.Agent, o Options, r *Report) error {
	rng := rand.New(rand.NewPCG(o.Seed, 0x50a6))
	d := &driver{a: a, o: o, rng: rng, r: r}
	if err := d.open(); err != nil {
		return err
	}
	if err := d.run(o.Warmup); err != nil {
		return fmt.Errorf("warm-up: %w", err)
	}
	var err error
	if r.Start, err = d.sample(); err != nil {
		return err
	}
	began := time.Now()
	if err := d.run(o.Requests); err != nil {
		return err
	}
	r.Duration = time.Since(began)
	r.End, err = d.sample()
	r.PeakRSS = max(d.peak, r.End.RSSBytes)
	if err != nil {
		return err
	}
	return d.s.closeAll()
}
