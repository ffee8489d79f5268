package vm

import "time"

// PollInterval is how often Poll tries again.
const PollInterval = 200 * time.Millisecond

// Poll calls cond every PollInterval until it holds (true) or timeout
// has passed (false): the suites' waits for a guest to reach a state.
func Poll(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(PollInterval)
	}
	return true
}

// TB is what the suites' helpers need of a *testing.T (this package
// does not import testing: cmd/vmrun links it).
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
}

// Eventually fails t unless cond holds within timeout (Poll).
func Eventually(t TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	if !Poll(timeout, cond) {
		t.Fatalf("%s: not within %v", what, timeout)
	}
}
