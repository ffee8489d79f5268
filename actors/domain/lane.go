package domain

import (
	"sync"

	"github.com/goqga/goqga/command"
)

// Lane holds what must survive a restart of a domain actor: the requests
// waiting their turn, whether one is in flight, and where the replies of
// internal requests go. Only the actor touches it (one incarnation at a
// time), the mutex only guards against a late message from a previous
// incarnation racing a restart.
type Lane struct {
	mu       sync.Mutex
	queue    []*command.Request
	inflight *command.Request
	internal map[*command.Request]func(*command.Reply)
}

// push queues r; done is set for internal work (nil for host requests).
func (l *Lane) push(r *command.Request, internal bool, done func(*command.Reply)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.queue = append(l.queue, r)
	if internal {
		if l.internal == nil {
			l.internal = map[*command.Request]func(*command.Reply){}
		}
		l.internal[r] = done
	}
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

// takeInternal reports whether r is internal work, and forgets it.
func (l *Lane) takeInternal(r *command.Request) (func(*command.Reply), bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	done, ok := l.internal[r]
	delete(l.internal, r)
	return done, ok
}
