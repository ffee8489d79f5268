package domain

import (
	"sync"

	"github.com/goqga/goqga/command"
)

// Lane holds what must survive a restart of a domain actor: the requests
// waiting their turn and whether one is in flight. Only the actor touches
// it (one incarnation at a time), the mutex only guards against a late
// message from a previous incarnation racing a restart.
type Lane struct {
	mu       sync.Mutex
	queue    []*command.Request
	inflight *command.Request
}

func (l *Lane) push(r *command.Request) {
	l.mu.Lock()
	l.queue = append(l.queue, r)
	l.mu.Unlock()
}

func (l *Lane) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.queue)
}

// next pops the oldest waiting request when none is in flight.
func (l *Lane) next() *command.Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.inflight != nil || len(l.queue) == 0 {
		return nil
	}
	r := l.queue[0]
	l.queue[0] = nil
	l.queue = l.queue[1:]
	return r
}

func (l *Lane) setInflight(r *command.Request) {
	l.mu.Lock()
	l.inflight = r
	l.mu.Unlock()
}

// done clears the in-flight mark if it is still r.
func (l *Lane) done(r *command.Request) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.inflight != r {
		return false
	}
	l.inflight = nil
	return true
}
