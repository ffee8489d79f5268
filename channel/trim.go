package channel

import (
	"runtime/debug"
	"sync"
	"time"
)

// trimmer gives memory back to the system once a burst of large messages
// or replies is over. Go's own return is slow here: after a burst the
// heap goal stays high until the next collection, which an idle agent
// does not trigger for two minutes, and the scavenger then returns pages
// a little at a time (a 64 MiB request left 289 MB resident 150 s
// later). So when large traffic has been quiet for quietFor, the framer
// drops what it keeps for large messages (trimNow) and
// debug.FreeOSMemory collects and returns every free page at once. A run
// of large requests never pays for it: each one pushes the deadline back,
// and the timer is armed once per burst, so an idle agent never wakes.
type trimmer struct {
	mu    sync.Mutex
	last  time.Time // the last large message or reply
	armed bool
	quiet time.Duration
	fire  func() // tells the channel actor to trim, then frees
}

// trimNow asks the channel actor to release its framer's spare buffers.
type trimNow struct{}

// largeTraffic is the message or reply size that counts as a burst.
const largeTraffic = 1 << 20

// quietFor exceeds the files domain's 2 s hold on its spare reply
// buffer, so that buffer is gone by the time memory is returned.
const quietFor = 3 * time.Second

func newTrimmer(fire func()) *trimmer {
	return &trimmer{quiet: quietFor, fire: fire}
}

// note records large traffic of n bytes (smaller traffic is ignored).
func (t *trimmer) note(n int) {
	if t == nil || n < largeTraffic {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.last = time.Now()
	if !t.armed {
		t.armed = true
		time.AfterFunc(t.quiet, t.check)
	}
}

// check frees memory if the traffic has been quiet long enough, else
// waits for the rest of the quiet period.
func (t *trimmer) check() {
	t.mu.Lock()
	left := t.quiet - time.Since(t.last)
	if left > 0 {
		time.AfterFunc(left, t.check)
		t.mu.Unlock()
		return
	}
	t.armed = false
	t.mu.Unlock()
	t.fire()
}

// freeOSMemory is debug.FreeOSMemory: a collection (cheap, the live heap
// is small) and the return of every free page.
func freeOSMemory() { debug.FreeOSMemory() }
