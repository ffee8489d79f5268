package domain

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/supervisor"
)

// parentHarness runs the actor under a parent that records the Done
// reports, as the supervisor would receive them.
type parentHarness struct {
	*harness
	dones chan *supervisor.Done
}

func newParentHarness(t *testing.T, logic Logic) *parentHarness {
	t.Helper()
	h := &parentHarness{harness: &harness{t: t, sys: actor.NewActorSystem(), replies: make(chan *command.Reply, 100)},
		dones: make(chan *supervisor.Done, 100)}
	sink := h.sys.Root.Spawn(actor.PropsFromFunc(func(c actor.Context) {
		if r, ok := c.Message().(*command.Reply); ok {
			h.replies <- r
		}
	}))
	props := Props(Config{Name: "test", Logic: logic, Replies: sink})
	pids := make(chan *actor.PID, 1)
	parent := actor.PropsFromFunc(func(c actor.Context) {
		switch m := c.Message().(type) {
		case *actor.Started:
			pids <- c.Spawn(props)
		case *supervisor.Done:
			h.dones <- m
		}
	}, actor.WithSupervisor(supervisor.NewStrategy(nopLog, supervisor.Backoff{Window: time.Second, Free: 100})))
	h.sys.Root.Spawn(parent)
	h.pid = <-pids
	t.Cleanup(h.sys.Shutdown)
	return h
}

func (h *parentHarness) done() *supervisor.Done {
	h.t.Helper()
	select {
	case d := <-h.dones:
		return d
	case <-time.After(5 * time.Second):
		h.t.Fatal("no Done report")
		return nil
	}
}

// counter is a stateful Logic: "add" reads a number off the actor and
// adds it in two chained steps; it reports "frozen" while its total is
// odd; it records every start and can post itself work.
type counter struct {
	total   int
	starts  int
	post    func(*Internal)
	crashAt int // Next panics when the total reaches it
}

func (c *counter) Started(post func(*Internal)) { c.starts++; c.post = post }

func (c *counter) MayBeFrozen() bool { return c.total%2 == 1 }

func (c *counter) Handle(req *command.Request) Step {
	var n int
	json.Unmarshal(req.Args, &n)
	if req.Spec.Name == "nil" {
		return Now(nil)
	}
	return Chain(func() (any, error) { return n, nil }, func(res any, _ error) Step {
		c.total += res.(int)
		if c.total == c.crashAt {
			panic("crash at " + fmt.Sprint(c.total))
		}
		return Chain(func() (any, error) { return 1, nil }, func(res any, _ error) Step {
			c.total += res.(int)
			return Now(req.Return(c.total))
		})
	})
}

func TestChainAndReports(t *testing.T) {
	c := &counter{crashAt: 11}
	h := newParentHarness(t, c)
	h.send(1, "2")
	h.expect(1, `{"return":3}`)
	if d := h.done(); d.Seq != 1 || d.Internal || d.Frozen == nil || !*d.Frozen || d.Domain != "test" {
		t.Errorf("Done after 3 = %+v", d)
	}
	h.send(2, "7") // 3+7 = 10, then 11
	h.expect(2, `{"return":11}`)
	if d := h.done(); d.Frozen == nil || !*d.Frozen {
		t.Errorf("Done after 11 = %+v", d)
	}
	h.send(3, "0") // reaches 11 in the first step: crash
	h.expect(3, "internal error")
	if d := h.done(); d.Seq != 3 || !*d.Frozen {
		t.Errorf("a crash must be reported too: %+v", d)
	}
	h.send(4, "1")
	h.expect(4, `{"return":13}`)
	h.done()
	if c.starts != 2 {
		t.Errorf("Started called %d times, want 2 (start and restart)", c.starts)
	}
}

func TestInternalWork(t *testing.T) {
	c := &counter{}
	h := newParentHarness(t, c)
	h.send(1, "1") // an answer first, so Started has run
	h.expect(1, `{"return":2}`)
	h.done()
	got := make(chan *command.Reply, 1)
	c.post(&Internal{Req: &command.Request{Spec: &command.Spec{Name: "tick"}, Args: []byte("4")},
		Done: func(r *command.Reply) { got <- r }})
	h.send(2, "1")
	select {
	case r := <-got:
		if string(r.Line) != "{\"return\":7}\n" {
			t.Errorf("internal reply %q", r.Line)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("internal work never answered")
	}
	if d := h.done(); !d.Internal || !*d.Frozen {
		t.Errorf("internal Done = %+v", d)
	}
	h.expect(2, `{"return":9}`) // after the internal work: the lane kept the order
	if d := h.done(); d.Internal || d.Seq != 2 {
		t.Errorf("Done = %+v", d)
	}
}

func TestNilReplyAnswered(t *testing.T) {
	h := newParentHarness(t, &counter{})
	h.sys.Root.Send(h.pid, &command.Request{Seq: 1, Spec: &command.Spec{Name: "nil"}})
	h.expect(1, "the test domain gave no answer to nil")
	if d := h.done(); d.Seq != 1 {
		t.Errorf("Done = %+v", d)
	}
}
