package channel

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

// Flush asks the channel actor to close Done once the replies to every
// request before Seq of session Gen have been written to the host, or
// that session has ended (nothing can be written to it any more). The
// power domain sends it before the machine goes down, so the host gets
// every answer it was owed first (Proxmox counts a sync reply followed by
// EOF as a successful shutdown).
type Flush struct {
	Gen, Seq uint64
	Done     chan struct{}
}

// maxFlushes bounds the Flush requests waiting for earlier replies; one
// beyond it is released at once, and its sender proceeds unflushed.
const maxFlushes = 16

// flushes holds Flush requests until the replies before them are queued.
type flushes struct{ waiting []*Flush }

// add keeps f until due; false when the table is full.
func (fs *flushes) add(f *Flush) bool {
	if len(fs.waiting) >= maxFlushes {
		return false
	}
	fs.waiting = append(fs.waiting, f)
	return true
}

// due removes and returns the flushes whose earlier replies have all been
// queued, next being the first sequence number still unanswered.
func (fs *flushes) due(next uint64) []*Flush {
	var out []*Flush
	kept := fs.waiting[:0]
	for _, f := range fs.waiting {
		if f.Seq <= next {
			out = append(out, f)
		} else {
			kept = append(kept, f)
		}
	}
	clear(fs.waiting[len(kept):])
	fs.waiting = kept
	return out
}

// release closes every waiting flush: its session is gone.
func (fs *flushes) release() {
	for _, f := range fs.waiting {
		close(f.Done)
	}
	fs.waiting = nil
}

func (a *channelActor) flush(f *Flush) {
	if f.Gen != a.gen || a.order == nil || !a.flushes.add(f) {
		close(f.Done)
		return
	}
	a.releaseFlushes()
}

// releaseFlushes hands each due flush to a goroutine that waits, off the
// actor, for the writer to have written everything queued so far.
func (a *channelActor) releaseFlushes() {
	due := a.flushes.due(a.order.next)
	if len(due) > 0 {
		a.batch.flush() // held lines must be queued before the wait
	}
	for _, f := range due {
		go func(w *writer, done chan struct{}, timeout time.Duration) {
			w.drained(timeout, never)
			close(done)
		}(a.out, f.Done, a.cfg.DrainTimeout)
	}
}

// Flusher returns a function that asks the channel actor at pid to flush
// the replies before (gen, seq) and waits for it at most timeout. It
// reports whether the flush completed in time.
func Flusher(root *actor.RootContext, pid *actor.PID, timeout time.Duration) func(gen, seq uint64) bool {
	return func(gen, seq uint64) bool {
		done := make(chan struct{})
		root.Send(pid, &Flush{Gen: gen, Seq: seq, Done: done})
		t := time.NewTimer(timeout)
		defer t.Stop()
		select {
		case <-done:
			return true
		case <-t.C:
			return false
		}
	}
}

// never is a stop condition that never holds.
func never() bool { return false }
