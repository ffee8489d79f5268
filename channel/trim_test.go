package channel

import (
	"sync/atomic"
	"testing"
	"time"
)

// Large traffic arms the trimmer, once however much of it comes, and it
// fires once when quiet; small traffic never arms it, so an agent
// answering pings never trims (nor wakes for it).
func TestTrimmerFiresOncePerBurst(t *testing.T) {
	var fired atomic.Int32
	tr := newTrimmer(func() { fired.Add(1) })
	tr.quiet = 30 * time.Millisecond
	tr.note(largeTraffic - 1)
	if tr.armed {
		t.Fatal("small traffic armed the trimmer")
	}
	for i := 0; i < 5; i++ {
		tr.note(largeTraffic)
	}
	eventually(t, "the trim after the burst", func() bool { return fired.Load() == 1 })
	time.Sleep(100 * time.Millisecond)
	if n := fired.Load(); n != 1 {
		t.Fatalf("%d trims for one burst", n)
	}
	tr.note(largeTraffic) // a second burst
	eventually(t, "the trim after the second burst", func() bool { return fired.Load() == 2 })
	var none *trimmer
	none.note(largeTraffic) // a session without one
}
