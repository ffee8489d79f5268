package channel

import (
	"strings"
	"testing"

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
	c := newCredit(2)
	c.acquire()
	c.acquire()
	got := make(chan bool)
	go func() { got <- c.acquire() }()
	select {
	case <-got:
		t.Fatal("acquire did not wait at the limit")
	default:
	}
	c.add(-1)
	if !<-got {
		t.Fatal("acquire failed")
	}
	c.close()
	if c.acquire() {
		t.Fatal("acquire after close succeeded")
	}
}
