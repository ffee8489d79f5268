package exec

import (
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/process"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fakeRunner starts fakeProcs, which end when the test says so.
type fakeRunner struct {
	mu       sync.Mutex
	next     int
	procs    map[int]*fakeProc
	resolved map[string]string // Resolve's answers; missing: ENOENT
	started  []process.Spec
}

func newFakeRunner() *fakeRunner {
	return &fakeRunner{next: 100, procs: map[int]*fakeProc{}, resolved: map[string]string{}}
}

type fakeProc struct {
	pid      int
	end      chan process.Result
	released int
	mu       *sync.Mutex
}

func (r *fakeRunner) Start(s process.Spec) (process.Process, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s.Path == "/missing" {
		return nil, &process.StartError{Path: s.Path, Err: syscall.ENOENT}
	}
	p := &fakeProc{pid: r.next, end: make(chan process.Result, 1), mu: &r.mu}
	r.next++
	r.procs[p.pid] = p
	r.started = append(r.started, s)
	return p, nil
}

func (r *fakeRunner) Resolve(s process.Spec) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if res, ok := r.resolved[s.Path]; ok {
		return res, nil
	}
	return "", syscall.ENOENT
}

// endAll ends every process still running, so no waiter outlives a test.
func (r *fakeRunner) endAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range r.procs {
		select {
		case p.end <- process.Result{}:
		default:
		}
	}
}

func (r *fakeRunner) proc(pid int) *fakeProc {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.procs[pid]
}

func (r *fakeRunner) released(pid int) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.procs[pid].released
}

func (p *fakeProc) Pid() int                      { return p.pid }
func (p *fakeProc) Wait() (process.Result, error) { return <-p.end, nil }
func (p *fakeProc) Release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.released++
}

// clock is the rig's time: now moves only when the test says, and timers
// fire only when the test fires them.
type clock struct {
	mu     sync.Mutex
	now    time.Time
	timers []func()
	ds     []time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *clock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.timers = append(c.timers, f)
	c.ds = append(c.ds, d)
	return func() bool { return true }
}

func (c *clock) fire(i int) {
	c.mu.Lock()
	f := c.timers[i]
	c.mu.Unlock()
	f()
}

// rig drives a Logic the way its actor does, synchronously: Ops run on
// the test's goroutine, internal work is handled when the test asks.
type rig struct {
	t      *testing.T
	l      *Logic
	run    *fakeRunner
	clock  *clock
	logs   *observer.ObservedLogs
	posted chan *domain.Internal
}

func newRig(t *testing.T, d Deps) *rig {
	core, logs := observer.New(zap.InfoLevel)
	r := &rig{t: t, clock: &clock{now: time.Unix(1000, 0)}, logs: logs, posted: make(chan *domain.Internal, 100)}
	if d.Runner == nil {
		r.run = newFakeRunner()
		d.Runner = r.run
		t.Cleanup(r.run.endAll)
	}
	d.Log, d.Now, d.AfterFunc = zap.New(core), r.clock.Now, r.clock.AfterFunc
	if d.TTL == 0 {
		d.TTL = time.Minute
	}
	r.l = New(d)
	r.l.Started(func(in *domain.Internal) { r.posted <- in })
	return r
}

func spec(name string) *command.Spec {
	for i := range Specs {
		if Specs[i].Name == name {
			return &Specs[i]
		}
	}
	panic(name)
}

// call runs one request to its reply line.
func (r *rig) call(name, args string) string {
	r.t.Helper()
	req := &command.Request{Spec: spec(name)}
	if args != "" {
		req.Args = []byte(args)
	}
	return finish(r.l.Handle(req))
}

func finish(step domain.Step) string {
	for step.Reply == nil {
		res, err := step.Op()
		if step.Next != nil {
			step = step.Next(res, err)
			continue
		}
		step = domain.Now(step.Then(res, err))
	}
	return strings.TrimSuffix(string(step.Reply.Line), "\n")
}

// internal handles the next posted internal work, waiting for it.
func (r *rig) internal() {
	r.t.Helper()
	select {
	case in := <-r.posted:
		finish(r.l.Handle(in.Req))
	case <-time.After(10 * time.Second):
		r.t.Fatal("no internal work posted")
	}
}

// end makes fake process pid end with res and records its exit.
func (r *rig) end(pid int, res process.Result) {
	r.t.Helper()
	r.run.proc(pid).end <- res
	r.internal()
}

func (r *rig) expect(name, args, want string) {
	r.t.Helper()
	if got := r.call(name, args); got != want {
		r.t.Fatalf("%s %s:\n got %s\nwant %s", name, args, got, want)
	}
}
