package soak

import (
	"strings"
	"testing"

	"github.com/goqga/goqga/test/agenttest"
)

// TestSoakShort is the soak in miniature, for every test run: tens of
// thousands of mixed requests over several sessions, every reply checked,
// no growth of descriptors or goroutines, RSS within tolerance. The full
// run is go run ./cmd/soak.
func TestSoakShort(t *testing.T) {
	dir := t.TempDir()
	bin, err := agenttest.Build(dir, agenttest.Race)
	if err != nil {
		t.Fatal(err)
	}
	n := 200_000
	if agenttest.Race {
		n = 60_000 // the race detector makes the agent about 3x slower
	}
	rep, err := Run(Options{Agent: bin, Dir: dir, Requests: n, Warmup: 5_000, Reconnect: 10_000})
	t.Logf("\n%s", rep)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Check(DefaultTolerance); err != nil {
		t.Error(err)
	}
	if rep.Sessions < 3 || rep.Counts["guest-file-read"] == 0 || rep.Counts["open/close cycle"] == 0 {
		t.Errorf("the mix did not run as designed: %d sessions, %v", rep.Sessions, rep.Counts)
	}
}

// A leak must fail Check: the tolerance is not decoration.
func TestCheckFailsOnGrowth(t *testing.T) {
	r := Report{Start: Sample{RSSBytes: 10 << 20, FDs: 10, Goroutines: 5}, End: Sample{RSSBytes: 40 << 20, FDs: 11, Goroutines: 6}}
	err := r.Check(DefaultTolerance)
	if err == nil || !strings.Contains(err.Error(), "RSS grew") || !strings.Contains(err.Error(), "descriptors grew by 1") ||
		!strings.Contains(err.Error(), "goroutines grew by 1") {
		t.Errorf("Check = %v", err)
	}
	if err := (Report{Start: r.Start, End: r.Start}).Check(DefaultTolerance); err != nil {
		t.Errorf("no growth: %v", err)
	}
}
