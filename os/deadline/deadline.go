package deadline

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// MaxRunning bounds the calls a Guard lets run at once, stuck ones
// included.
const MaxRunning = 256

// ErrBusy is the answer for a key whose last call is still running.
var ErrBusy = errors.New("an earlier call is still running (the device or mount may be hung)")

// TimeoutError is the answer when fn did not return in time.
type TimeoutError struct {
	After time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("no answer within %v (the device or mount may be hung)", e.After)
}

// Guard tracks the calls still running, by key. The zero Guard is ready.
type Guard struct {
	mu      sync.Mutex
	running map[string]bool
}

// Running reports how many calls have not returned yet.
func (g *Guard) Running() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.running)
}

func (g *Guard) claim(key string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.running == nil {
		g.running = map[string]bool{}
	}
	if g.running[key] || len(g.running) >= MaxRunning {
		return false
	}
	g.running[key] = true
	return true
}

func (g *Guard) release(key string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.running, key)
}

type result[T any] struct {
	v     T
	err   error
	panic any // fn panicked with this; re-raised on the caller's goroutine
}

// Run calls fn on its own goroutine and waits at most d for it (d <= 0
// waits as long as fn takes). A key whose previous call still runs gets
// ErrBusy without calling fn. A panic in fn is raised again in the
// caller when it is still waiting (so the caller's recovery sees it), and
// dropped when it came too late.
func Run[T any](g *Guard, key string, d time.Duration, fn func() (T, error)) (T, error) {
	var zero T
	if !g.claim(key) {
		return zero, ErrBusy
	}
	done := make(chan result[T], 1) // buffered: a late fn never blocks
	go func() {
		var r result[T]
		defer func() {
			if p := recover(); p != nil {
				r.panic = p
			}
			g.release(key)
			done <- r
		}()
		r.v, r.err = fn()
	}()
	var timeout <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case r := <-done:
		if r.panic != nil {
			panic(r.panic) // the caller's recovery (the domain shell) handles it
		}
		return r.v, r.err
	case <-timeout:
		return zero, &TimeoutError{After: d}
	}
}
