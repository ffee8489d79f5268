package sim

// Program is a scripted program of the simulated guest, run by
// guest-exec: what it writes, how it ends and how long it runs.
type Program struct {
	Stdout    string `json:"stdout,omitempty"`
	Stderr    string `json:"stderr,omitempty"`
	EchoArgs  bool   `json:"echo-args,omitempty"`  // also writes its arguments, space-separated, and a newline (echo)
	EchoStdin bool   `json:"echo-stdin,omitempty"` // also writes its input-data to stdout (cat)
	ExitCode  int    `json:"exitcode,omitempty"`
	Signal    int    `json:"signal,omitempty"` // killed by this signal instead of exiting
	RunMs     int    `json:"run-ms,omitempty"` // how long it runs
}

// Programs are guest-exec's programs by absolute path; nil (a
// --sim-config without "programs") means DefaultPrograms.
type Programs map[string]Program

// DefaultPrograms are the simulated guest's programs when --sim-config
// names none.
func DefaultPrograms() Programs {
	return Programs{
		"/bin/true":  {},
		"/bin/false": {ExitCode: 1},
		"/bin/echo":  {EchoArgs: true},
		"/bin/cat":   {EchoStdin: true},
	}
}
