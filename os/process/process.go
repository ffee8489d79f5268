package process

import "time"

// Capture says which output streams are kept (guest-exec capture-output).
type Capture int

// The capture modes: qemu-ga 11.1's GuestExecCaptureOutputMode. Merged
// sends stderr into stdout's pipe: both come back as out-data.
const (
	CaptureNone Capture = iota
	CaptureStdout
	CaptureStderr
	CaptureSeparated
	CaptureMerged
)

// Captures names the modes as the protocol does, in Capture order.
var Captures = []string{"none", "stdout", "stderr", "separated", "merged"}

func (c Capture) String() string {
	if c < 0 || int(c) >= len(Captures) {
		return "invalid"
	}
	return Captures[c]
}

// stdout reports whether stdout is captured; stderr likewise (merged
// captures stderr through stdout's pipe, not its own).
func (c Capture) stdout() bool {
	return c == CaptureStdout || c == CaptureSeparated || c == CaptureMerged
}
func (c Capture) stderr() bool { return c == CaptureStderr || c == CaptureSeparated }

// Spec is one program to start.
type Spec struct {
	Path string   // as the host gave it: searched in PATH when it has no '/'
	Exe  string   // when set, the file to execute (already resolved); Path stays argv[0]
	Args []string // argv[1:]
	// Env replaces the agent's environment when EnvSet (an empty Env is
	// an empty environment); otherwise the child inherits the agent's.
	Env    []string
	EnvSet bool
	// Stdin is written to the child's stdin, which is then closed; when
	// !HasStdin, stdin is /dev/null.
	Stdin    []byte
	HasStdin bool
	Capture  Capture
}

// Result is how a process ended and what it wrote.
type Result struct {
	Signaled bool // killed by Signal; else it exited with ExitCode
	ExitCode int
	Signal   int
	Out, Err *Buffer // captured output, at most MaxOutput bytes each; nil: none
	// OutTruncated and ErrTruncated report output beyond MaxOutput.
	OutTruncated, ErrTruncated bool
}

// Process is a started program.
type Process interface {
	Pid() int
	// Wait blocks until the process has exited and its output is read
	// (see ExitGrace), and returns how it ended. Call it once.
	Wait() (Result, error)
	// Release frees what is left of the process (its zombie, so its pid).
	// Call it once, after Wait has returned.
	Release()
}

// Runner starts programs.
type Runner interface {
	Start(Spec) (Process, error)
	// Resolve finds the file s names, as Start would (PATH search),
	// with every symbolic link resolved: the allow-list compares these.
	Resolve(s Spec) (string, error)
}

// Bounds.
const (
	// MaxOutput is qemu-ga's cap on each captured stream.
	MaxOutput = 16 << 20
	// ExitGrace is how long output is still read after the process has
	// exited while a child it left holds the pipes.
	ExitGrace = 500 * time.Millisecond
)

// StartError is a program that could not be started. Error is GLib's
// text, which qemu-ga passes on.
type StartError struct {
	Path string // as the host gave it
	Err  error
}

func (e *StartError) Error() string {
	return "Failed to execute child process \u201c" + e.Path + "\u201d (" + strerror(e.Err) + ")"
}

func (e *StartError) Unwrap() error { return e.Err }
