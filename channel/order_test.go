package channel

import (
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/command"
)

func rep(seq uint64, line string) *command.Reply {
	return &command.Reply{Seq: seq, Line: []byte(line), None: line == ""}
}

func TestOrderReleasesInSequence(t *testing.T) {
	o := newOrder()
	steps := []struct {
		in   *command.Reply
		out  string
		done int
	}{
		{rep(2, "c"), "", 0},
		{rep(1, ""), "", 0}, // a silent reply (shutdown) still holds its place
		{rep(0, "a"), "ac", 3},
		{rep(0, "dup"), "", 0}, // a second answer is never written
		{rep(4, "e"), "", 0},
		{rep(3, "d"), "de", 2},
	}
	for i, s := range steps {
		lines, _, done := o.add(s.in)
		var got strings.Builder
		for _, l := range lines {
			got.Write(l)
		}
		if got.String() != s.out || done != s.done {
			t.Fatalf("step %d: got %q/%d want %q/%d", i, got.String(), done, s.out, s.done)
		}
	}
	if o.waiting() != 0 {
		t.Fatalf("%d replies left waiting", o.waiting())
	}
}

func TestCreditBlocksAtMax(t *testing.T) {
	c := newCredit(2, 0)
	c.acquire()
	c.acquire()
	got := make(chan bool)
	go func() { got <- c.acquire() }()
	select {
	case <-got:
		t.Fatal("acquire did not wait at the limit")
	default:
	}
	c.add(-1, 0)
	if !<-got {
		t.Fatal("acquire failed")
	}
	c.close()
	if c.acquire() {
		t.Fatal("acquire after close succeeded")
	}
}

// Past the byte budget the reader waits, however few messages are in
// flight; one message larger than the budget was still taken.
func TestCreditBlocksAtByteBudget(t *testing.T) {
	c := newCredit(100, 10)
	c.acquire()
	c.add(0, 64) // one read of a message six times the budget
	got := make(chan bool)
	go func() { got <- c.acquire() }()
	select {
	case <-got:
		t.Fatal("acquire did not wait past the byte budget")
	case <-time.After(20 * time.Millisecond):
	}
	c.add(-1, -60)
	if !<-got {
		t.Fatal("acquire failed")
	}
}

// Reply bytes past the budget stop the reader until they are written;
// the end of the session, or the host gone, releases it.
func TestRepliesWaitRoom(t *testing.T) {
	r := NewReplies(10)
	r.begin(1)
	r.addReady(1, 64)
	r.addReady(2, 1000) // another session's: not counted
	got := make(chan bool)
	go func() { got <- r.waitRoom(1, func() bool { return false }) }()
	select {
	case <-got:
		t.Fatal("waitRoom did not wait past the budget")
	case <-time.After(20 * time.Millisecond):
	}
	r.sub(1, 60)
	if !<-got || r.Used() != 4 {
		t.Fatalf("waitRoom after the write: used %d", r.Used())
	}
	r.addReady(1, 10)
	go func() { got <- r.waitRoom(1, func() bool { return true }) }()
	if <-got {
		t.Fatal("waitRoom went on with the host gone")
	}
	go func() { r.WaitRoom(1, 5); got <- true }()
	r.end(1)
	<-got
	if r.waitRoom(1, func() bool { return false }) {
		t.Fatal("waitRoom after the session ended")
	}
}

// A producer waits only for the replies that will leave before its own:
// those held in order behind it cannot, and waiting for them would never
// end. They still stop the reader.
func TestRepliesWaitRoomCountsOnlyEarlierReplies(t *testing.T) {
	r := NewReplies(10)
	r.begin(1)
	r.addWaiting(1, 7, 50) // behind request 5, missing
	done := make(chan struct{})
	go func() { r.WaitRoom(1, 5); close(done) }()
	<-done
	if r.waitRoom(1, func() bool { return true }) {
		t.Fatal("the reader went on past the budget")
	}
	r.addWaiting(1, 3, 50) // before request 5
	done = make(chan struct{})
	go func() { r.WaitRoom(1, 5); close(done) }()
	select {
	case <-done:
		t.Fatal("WaitRoom went on past the replies before it")
	case <-time.After(20 * time.Millisecond):
	}
	r.released(1, 3, 4) // reply 3 now in order: ready
	r.sub(1, 50)        // and written
	<-done
	if r.Used() != 50 {
		t.Fatalf("used %d, want the 50 of reply 7", r.Used())
	}
}
