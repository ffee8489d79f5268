package channel

import (
	"math"
	"sync"
	"time"
)

// credit bounds the work a session has in flight, in count and in bytes:
// chunks read but not yet framed, and messages framed but not yet
// answered. The reader waits for credit before each read, so a host that
// floods the agent stalls its own input instead of growing our memory.
// The byte bound is a threshold: reading stops once it is reached, so one
// message larger than all of it is still taken, alone.
type credit struct {
	mu            sync.Mutex
	cond          *sync.Cond
	n, max        int
	bytes, maxLen int
	closed        bool
}

// newCredit bounds the count by max and the bytes by maxBytes (0: none).
func newCredit(max, maxBytes int) *credit {
	if maxBytes <= 0 {
		maxBytes = math.MaxInt
	}
	c := &credit{max: max, maxLen: maxBytes}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// acquire waits until there is room for one more chunk; false once closed.
func (c *credit) acquire() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for (c.n >= c.max || c.bytes >= c.maxLen) && !c.closed {
		c.cond.Wait()
	}
	c.n++
	return !c.closed
}

// add adjusts the count by dn and the bytes by db (negative when work
// completes).
func (c *credit) add(dn, db int) {
	c.mu.Lock()
	c.n += dn
	c.bytes += db
	c.mu.Unlock()
	if dn < 0 || db < 0 {
		c.cond.Broadcast()
	}
}

// inflight reports the count and bytes in flight.
func (c *credit) inflight() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n, c.bytes
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

// sizes is a queue of the byte sizes of a session's messages in flight,
// in sequence order: replies complete them in that order, so the bytes a
// completed run of replies frees are the front of the queue.
type sizes struct {
	q    []int
	head int
}

func (s *sizes) push(n int) { s.q = append(s.q, n) }

// pop removes the first k sizes and returns their sum.
func (s *sizes) pop(k int) int {
	k = min(k, len(s.q)-s.head)
	sum := 0
	for _, n := range s.q[s.head : s.head+k] {
		sum += n
	}
	s.head += k
	if s.head == len(s.q) {
		s.q, s.head = s.q[:0], 0
	} else if s.head > 1024 && 2*s.head > len(s.q) {
		s.q, s.head = append(s.q[:0], s.q[s.head:]...), 0
	}
	return sum
}
