package channel

import (
	"sync"
	"time"
)

// credit bounds the work a session has in flight: chunks read but not yet
// framed, and messages framed but not yet answered. The reader waits for
// credit before each read, so a host that floods the agent (or stops
// reading replies) stalls its own input instead of growing our memory.
type credit struct {
	mu     sync.Mutex
	cond   *sync.Cond
	n, max int
	closed bool
}

func newCredit(max int) *credit {
	c := &credit{max: max}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// acquire waits until there is room for one more chunk; false once closed.
func (c *credit) acquire() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.n >= c.max && !c.closed {
		c.cond.Wait()
	}
	c.n++
	return !c.closed
}

// add adjusts the count (negative when work completes).
func (c *credit) add(d int) {
	c.mu.Lock()
	c.n += d
	c.mu.Unlock()
	if d < 0 {
		c.cond.Broadcast()
	}
}

// idle reports whether nothing is in flight.
func (c *credit) idle() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n <= 0
}

func (c *credit) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.cond.Broadcast()
}

// waitIdle waits until nothing is in flight, the peer is gone (no reply
// can reach it) or the deadline passes. It polls: it runs once per
// session end, never while idle.
func (c *credit) waitIdle(deadline time.Time, gone func() bool) bool {
	for !c.idle() {
		if time.Now().After(deadline) || gone() {
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
	return true
}
