package faults

import (
	"fmt"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Action is what a fault does when it fires.
type Action int

// The actions. None is the zero value: "no fault".
const (
	None Action = iota
	Error
	Delay
	Hang
	Panic
	Drop
	Corrupt
)

var actionNames = [...]string{
	None:    "none",
	Error:   "error",
	Delay:   "delay",
	Hang:    "hang",
	Panic:   "panic",
	Drop:    "drop",
	Corrupt: "corrupt",
}

func (a Action) String() string {
	if a >= 0 && int(a) < len(actionNames) {
		return actionNames[a]
	}
	return fmt.Sprintf("Action(%d)", int(a))
}

// Fault is one firing of a rule: the action, its argument, and where it
// fired (filled in by Match).
type Fault struct {
	Action Action
	Errno  syscall.Errno // for Error
	Delay  time.Duration // for Delay

	Point, Target string // the call site Match was asked about
}

// errnoByName maps symbolic errno names to values. It is built from
// unix.ErrnoName, which knows one name per number, plus the aliases that
// share a number (EOPNOTSUPP is ENOTSUP on Linux, and so on), so that every
// name a user may reasonably write is accepted. Built on first use: most
// runs have no --faults, and building it was a third of a millisecond of
// every start-up.
var errnoByName = sync.OnceValue(buildErrnoTable)

func buildErrnoTable() map[string]syscall.Errno {
	m := map[string]syscall.Errno{
		"EOPNOTSUPP":  unix.EOPNOTSUPP,
		"EWOULDBLOCK": unix.EWOULDBLOCK,
		"EDEADLOCK":   unix.EDEADLOCK,
	}
	for e := syscall.Errno(1); e < 256; e++ {
		if name := unix.ErrnoName(e); name != "" {
			m[name] = e
		}
	}
	return m
}

// Errno looks up a symbolic errno name (EIO, ENOSPC, ...), as specs and
// simulated guests write them.
func Errno(name string) (syscall.Errno, bool) {
	e, ok := errnoByName()[name]
	return e, ok
}
