package process

import (
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// prepareChildren runs once before the first start: what a child must
// not inherit from the agent is fixed at the source.
func prepareChildren() {
	CloseOnExecAll()
	handleIgnoredSignals()
}

// CloseOnExecAll marks every descriptor above stdio close-on-exec. Go
// opens its own that way, but descriptors the agent inherited from its
// parent are not, and a child would get them.
func CloseOnExecAll() {
	if unix.CloseRange(3, ^uint(0), unix.CLOSE_RANGE_CLOEXEC) == nil {
		return
	}
	ents, err := os.ReadDir("/proc/self/fd") // Linux < 5.11
	if err != nil {
		return
	}
	for _, e := range ents {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			unix.CloseOnExec(fd)
		}
	}
}

// ignoredSink receives the signals the agent inherited as ignored; it is
// never read, so they stay without effect on the agent.
var ignoredSink = make(chan os.Signal, 1)

// handleIgnoredSignals gives a Go handler to the signals the agent
// inherited as ignored (SIGHUP under nohup, SIGINT in a background job).
// execve keeps an ignored signal ignored in the child but resets a
// handled one to its default, so children start with every signal at its
// default. The Go runtime handles every other signal already, and it
// starts children with an empty signal mask.
func handleIgnoredSignals() {
	for sig := syscall.Signal(1); sig < 32; sig++ {
		if sig != syscall.SIGKILL && sig != syscall.SIGSTOP && signal.Ignored(sig) {
			signal.Notify(ignoredSink, sig)
		}
	}
}
