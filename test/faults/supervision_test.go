package faults

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// A domain that crashes on every request is restarted with a growing
// delay; meanwhile the other domains and the channel answer at once, each
// crash answers its own request, and every restart is logged with the
// command that caused it.
func TestCrashLoopIsolated(t *testing.T) {
	const crashes = 9
	f := start(t, "--faults", "actor.files=panic")
	base := f.usage()
	var fileWait []time.Duration
	var otherMax time.Duration
	for i := range crashes {
		began := time.Now()
		r := f.call("guest-file-open", args{"path": "/nonexistent"})
		fileWait = append(fileWait, time.Since(began))
		want := "GenericError: internal error: the files domain failed while handling guest-file-open (injected panic at actor.files@guest-file-open); it has been restarted"
		if got := errText(r); got != want {
			t.Fatalf("crash %d: %q, want %q", i, got, want)
		}
		for _, cmd := range []string{"guest-ping", "guest-network-get-interfaces", "guest-fsfreeze-status"} {
			began := time.Now()
			if got := errText(f.call(cmd, nil)); got != "" {
				t.Errorf("%s during the crash loop: %q", cmd, got)
			}
			otherMax = max(otherMax, time.Since(began))
		}
	}
	t.Logf("files requests waited %v; the slowest other request took %v", fileWait, otherMax)
	// DefaultBackoff: three free restarts, then 100 ms doubling. The
	// request after the 8th crash waits 1.6 s for its actor.
	// The bounds are relative where the machine's load could stretch a
	// request: the last wait is a sleep of at least 1.6 s, and neither an
	// early restart nor another domain may take half of it.
	last := fileWait[crashes-1]
	if last < 1500*time.Millisecond || fileWait[1] > last/2 {
		t.Errorf("no growing backoff: %v", fileWait)
	}
	if otherMax > last/2 {
		t.Errorf("another domain waited %v behind the crash loop (the files domain's last wait %v)", otherMax, last)
	}
	restarts := f.a.Count("domain actor failed; restarting")
	withCmd := f.a.Count("files actor crashed in guest-file-open")
	if restarts != crashes || withCmd != crashes {
		t.Errorf("%d restarts logged, %d naming the command; want %d", restarts, withCmd, crashes)
	}
	// The first file request was the suite's first call: id "r1".
	if !strings.Contains(f.a.Log(), `files actor crashed in guest-file-open (request id \"r1\")`) {
		t.Errorf("the restart log does not name the request's id")
	}
	if !strings.Contains(f.a.Log(), fmt.Sprintf(`"failures": %d`, crashes)) {
		t.Errorf("the restart log does not count the failures")
	}
	f.settled(base, 2)
}
