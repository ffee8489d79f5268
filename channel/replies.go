package channel

import (
	"sync"
	"time"
)

// Replies bounds the bytes of reply lines the agent holds for the host:
// from the moment a reply reaches the channel (even while it waits in
// order behind an earlier one) until it has been written or dropped.
// While they fill the budget the session's reader stops reading (a host
// that does not read its replies stalls its own input, as qemu-ga's does)
// and producers of large replies (guest-file-read) wait before they build
// another (WaitRoom). The budget is a threshold, not a reservation: a
// reply larger than all of it still goes out, alone.
//
// One Replies serves the agent's sessions one after another; bytes are
// counted for the current session only, and its end forgets them (the
// lines it held are dropped with it).
type Replies struct {
	mu   sync.Mutex
	cond *sync.Cond
	max  int
	gen  uint64 // the session counted; 0: none
	// ready counts lines in order, on their way to the writer or in it;
	// waiting, by sequence number, the replies held in order behind an
	// earlier one that is missing.
	ready      int
	waiting    map[uint64]int
	waitingSum int
}

// DefaultMaxReplyBytes is the reply budget when none is given.
const DefaultMaxReplyBytes = 16 << 20

// lineCost is what a reply line counts against the budget: its bytes and
// what holding it costs beside them (its allocation, the slice headers
// of the queues it passes, its Reply). Counting bytes alone, a million
// unread pings (16 bytes each) fit the budget and held 146 MB.
func lineCost(line []byte) int { return len(line) + lineOverhead }

const lineOverhead = 128

// cost sums lineCost over lines.
func cost(lines [][]byte) int {
	n := 0
	for _, l := range lines {
		n += lineCost(l)
	}
	return n
}

// NewReplies returns a budget of max bytes (0: DefaultMaxReplyBytes).
func NewReplies(max int) *Replies {
	if max <= 0 {
		max = DefaultMaxReplyBytes
	}
	r := &Replies{max: max}
	r.cond = sync.NewCond(&r.mu)
	return r
}

// begin starts counting for session gen.
func (r *Replies) begin(gen uint64) {
	r.mu.Lock()
	r.gen = gen
	r.reset()
	r.mu.Unlock()
	r.cond.Broadcast()
}

func (r *Replies) reset() {
	r.ready, r.waiting, r.waitingSum = 0, map[uint64]int{}, 0
}

// end forgets session gen's bytes and releases everyone waiting on it.
func (r *Replies) end(gen uint64) {
	r.mu.Lock()
	if r.gen == gen {
		r.gen = 0
		r.reset()
	}
	r.mu.Unlock()
	r.cond.Broadcast()
}

// addReady counts n bytes of session gen, a line released in order.
func (r *Replies) addReady(gen uint64, n int) {
	r.mu.Lock()
	if r.gen == gen {
		r.ready += n
	}
	r.mu.Unlock()
}

// addWaiting counts n bytes of session gen's reply seq, held in order
// behind an earlier one.
func (r *Replies) addWaiting(gen, seq uint64, n int) {
	r.mu.Lock()
	if r.gen == gen {
		r.waiting[seq] = n
		r.waitingSum += n
	}
	r.mu.Unlock()
}

// released moves session gen's replies from..to-1 from waiting to ready:
// the reply they waited for has come.
func (r *Replies) released(gen, from, to uint64) {
	r.mu.Lock()
	if r.gen == gen {
		for s := from; s < to; s++ {
			if n, ok := r.waiting[s]; ok {
				delete(r.waiting, s)
				r.waitingSum -= n
				r.ready += n
			}
		}
	}
	r.mu.Unlock()
}

// sub releases n bytes of session gen's ready lines (written or dropped).
func (r *Replies) sub(gen uint64, n int) {
	if n == 0 {
		return
	}
	r.mu.Lock()
	if r.gen == gen {
		r.ready = max(r.ready-n, 0)
	}
	r.mu.Unlock()
	r.cond.Broadcast()
}

// Used is the bytes counted now.
func (r *Replies) Used() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.used()
}

func (r *Replies) used() int { return r.ready + r.waitingSum }

// roomPoll is how often a waiter looks at gone while the budget is full.
const roomPoll = 100 * time.Millisecond

// waitRoom waits until session gen's replies are under the budget. It
// returns false when gen has ended or gone reports the host gone (a
// host that left with its replies unread must not hold the reader, and
// so the next host, any longer).
func (r *Replies) waitRoom(gen uint64, gone func() bool) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.gen == gen && r.used() >= r.max {
		t := time.AfterFunc(roomPoll, r.cond.Broadcast)
		r.cond.Wait()
		t.Stop()
		if r.gen == gen && r.used() >= r.max && gone() {
			return false
		}
	}
	return r.gen == gen
}

// WaitRoom waits while the replies that will leave before request seq of
// session gen fill the budget; a domain calls it in an Op before building
// a large reply. Replies held in order behind seq do not count: they
// cannot leave before its reply, so waiting for them would wait forever.
// It returns at once for another session than the current one, and when
// the session ends. Nil waits for nothing.
func (r *Replies) WaitRoom(gen, seq uint64) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.gen == gen && r.before(seq) >= r.max {
		r.cond.Wait()
	}
}

// before is the bytes that will be written before reply seq.
func (r *Replies) before(seq uint64) int {
	n := r.ready
	if n+r.waitingSum < r.max {
		return n // the common case: no need to look
	}
	for s, b := range r.waiting {
		if s < seq {
			n += b
		}
	}
	return n
}
