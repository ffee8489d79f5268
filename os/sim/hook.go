package sim

// Hook is the simulated fsfreeze hook: with --os sim, -F runs nothing on
// the host; the hook "runs" by writing a journal line and succeeds unless
// Fail names its argument.
type Hook struct {
	Fail map[string]HookFailure `json:"fail,omitempty"` // keyed "freeze" or "thaw"
}

// HookFailure is how a simulated hook run fails: its exit status and
// what it printed.
type HookFailure struct {
	Status int    `json:"status"`
	Output string `json:"output,omitempty"`
}
