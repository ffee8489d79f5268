package exec

import (
	"fmt"
	"time"

	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/process"
)

// outcome is how a process ended: written once by its waiter goroutine
// before it posts the exit to the actor, read only by the actor after.
type outcome struct {
	res process.Result
	err error
}

// entry is one process of the table.
type entry struct {
	pid     int
	path    string // as the host gave it
	proc    process.Process
	out     *outcome // handed over by the waiter; valid once done
	done    bool     // the exit has been recorded
	expires time.Time
	stop    func() bool // the expiry timer, once done
}

// table is the domain's process table: plain data, changed only inside
// the actor.
//
// Invariants: len(procs) <= max, running and finished-uncollected
// together; a pid is in procs from its start until its result has been
// answered or has expired; a finished entry expires ttl after its exit.
type table struct {
	max   int
	ttl   time.Duration
	procs map[int]*entry
}

func newTable(max int, ttl time.Duration) *table {
	return &table{max: max, ttl: ttl, procs: make(map[int]*entry)}
}

// admit says why no process may start now, or nil.
func (t *table) admit() *command.Error {
	if len(t.procs) < t.max {
		return nil
	}
	running := 0
	for _, e := range t.procs {
		if !e.done {
			running++
		}
	}
	return command.Errorf("guest-exec refused: the process table is full (%d running, %d finished with results not yet collected by guest-exec-status; --exec-max %d)",
		running, len(t.procs)-running, t.max)
}

// add records a started process. Its pid cannot be in the table: a pid
// stays a zombie, so unused, until its entry leaves.
func (t *table) add(e *entry) {
	if _, dup := t.procs[e.pid]; dup {
		panic(fmt.Sprintf("exec: pid %d is already in the table", e.pid))
	}
	t.procs[e.pid] = e
}

// finish records pid's exit at now; it returns the entry, or nil if the
// pid is unknown.
func (t *table) finish(pid int, now time.Time) *entry {
	e := t.procs[pid]
	if e == nil || e.done {
		return nil
	}
	e.done, e.expires = true, now.Add(t.ttl)
	return e
}

// errUnknownPid is qemu-ga's answer for a pid it does not know.
var errUnknownPid = command.Errorf("Invalid parameter 'pid'")

// status looks pid up for guest-exec-status: a finished entry leaves the
// table (its result is answered once); a running one stays.
func (t *table) status(pid int) (*entry, *command.Error) {
	e := t.procs[pid]
	if e == nil {
		return nil, errUnknownPid
	}
	if e.done {
		delete(t.procs, pid)
	}
	return e, nil
}

// expire removes and returns the finished entries whose time is up.
func (t *table) expire(now time.Time) []*entry {
	var out []*entry
	for pid, e := range t.procs {
		if e.done && !now.Before(e.expires) {
			delete(t.procs, pid)
			out = append(out, e)
		}
	}
	return out
}

func (t *table) len() int { return len(t.procs) }
