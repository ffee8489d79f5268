package domain

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/goleak"

	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/supervisor"
)

// harness runs one domain actor under the real supervisor strategy and
// collects the replies it sends.
type harness struct {
	t       *testing.T
	sys     *actor.ActorSystem
	pid     *actor.PID
	replies chan *command.Reply
}

func newHarness(t *testing.T, logic Logic, inj *faults.Injector) *harness {
	t.Helper()
	h := &harness{t: t, sys: actor.NewActorSystem(), replies: make(chan *command.Reply, 100)}
	sink := h.sys.Root.Spawn(actor.PropsFromFunc(func(c actor.Context) {
		if r, ok := c.Message().(*command.Reply); ok {
			h.replies <- r
		}
	}))
	props := Props(Config{Name: "test", Logic: logic, Replies: sink, Faults: inj})
	pids := make(chan *actor.PID, 1)
	parent := actor.PropsFromFunc(func(c actor.Context) {
		if _, ok := c.Message().(*actor.Started); ok {
			pids <- c.Spawn(props)
		}
	}, actor.WithSupervisor(supervisor.NewStrategy(nopLog, supervisor.Backoff{Window: time.Second, Free: 100})))
	h.sys.Root.Spawn(parent)
	h.pid = <-pids
	t.Cleanup(h.sys.Shutdown)
	return h
}

var spec = &command.Spec{Name: "cmd"}

func (h *harness) send(seq uint64, args string) {
	h.sys.Root.Send(h.pid, &command.Request{Seq: seq, Spec: spec, Args: []byte(args)})
}

func (h *harness) next() *command.Reply {
	h.t.Helper()
	select {
	case r := <-h.replies:
		return r
	case <-time.After(5 * time.Second):
		h.t.Fatal("no reply")
		return nil
	}
}

func (h *harness) expect(seq uint64, line string) {
	h.t.Helper()
	r := h.next()
	if r.Seq != seq || !strings.Contains(string(r.Line), line) {
		h.t.Fatalf("reply seq %d %q, want seq %d containing %q", r.Seq, r.Line, seq, line)
	}
}

// echo answers with its arguments; "panic" panics, "slow" waits for gate.
func echo(gate chan struct{}) Logic {
	return LogicFunc(func(req *command.Request) Step {
		switch string(req.Args) {
		case `"panic"`:
			panic("boom")
		case `"slow"`:
			return Do(func() (any, error) { <-gate; return "slow", nil },
				func(res any, err error) *command.Reply { return req.Return(res) })
		case `"operr"`:
			return Do(func() (any, error) { return nil, errors.New("no such thing") },
				func(res any, err error) *command.Reply { return req.Fail(err) })
		case `"oppanic"`:
			return Do(func() (any, error) { panic("deep") },
				func(res any, err error) *command.Reply { return req.Return(res) })
		}
		return Now(req.ReturnRaw(req.Args))
	})
}

func TestPanicAnsweredAndRestarted(t *testing.T) {
	h := newHarness(t, echo(nil), nil)
	h.send(1, `"panic"`)
	h.expect(1, `"desc":"internal error: the test domain failed while handling cmd (boom)`)
	h.send(2, `"ok"`)
	h.expect(2, `{"return":"ok"}`)
	h.send(3, `"oppanic"`)
	h.expect(3, `(deep)`)
	h.send(4, `"operr"`)
	h.expect(4, `"desc":"no such thing"`)
}

// Requests queued behind an Op are kept in order, and a crash of the
// actor while they wait loses none of them.
func TestQueueSurvivesCrash(t *testing.T) {
	gate := make(chan struct{})
	h := newHarness(t, echo(gate), nil)
	h.send(1, `"slow"`)
	h.send(2, `"a"`)
	h.send(3, `"panic"`)
	h.send(4, `"b"`)
	select {
	case r := <-h.replies:
		t.Fatalf("reply %q before the slow op finished", r.Line)
	case <-time.After(50 * time.Millisecond):
	}
	close(gate)
	h.expect(1, `"slow"`)
	h.expect(2, `"a"`)
	h.expect(3, `internal error`)
	h.expect(4, `"b"`)
}

func TestInjectedActorFaults(t *testing.T) {
	inj, err := faults.Parse("actor.test=panic*1,actor.test@cmd=error(EIO)*1,actor.test=delay(10ms)*1")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, echo(nil), inj)
	h.send(1, `"x"`)
	h.expect(1, `injected panic at actor.test@cmd`)
	h.send(2, `"y"`)
	h.expect(2, `input/output error`)
	h.send(3, `"z"`)
	h.expect(3, `{"return":"z"}`)
	h.send(4, `"w"`)
	h.expect(4, `{"return":"w"}`)
}

func TestMaxQueue(t *testing.T) {
	gate := make(chan struct{})
	h := &harness{t: t, sys: actor.NewActorSystem(), replies: make(chan *command.Reply, 100)}
	sink := h.sys.Root.Spawn(actor.PropsFromFunc(func(c actor.Context) {
		if r, ok := c.Message().(*command.Reply); ok {
			h.replies <- r
		}
	}))
	h.pid = h.sys.Root.Spawn(Props(Config{Name: "test", Logic: echo(gate), Replies: sink, MaxQueue: 1}))
	t.Cleanup(h.sys.Shutdown)
	h.send(1, `"slow"`)
	h.send(2, `"a"`)
	h.send(3, `"b"`)
	h.expect(3, "requests waiting")
	close(gate)
	h.expect(1, `"slow"`)
	h.expect(2, `"a"`)
}

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/asynkron/protoactor-go/actor.(*throttler).Start.func1"))
}
