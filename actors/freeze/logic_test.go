package freeze

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/goleak"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/os/freeze"
	"github.com/goqga/goqga/os/sim"
	"github.com/goqga/goqga/supervisor"
)

// fakeHook records the arguments it ran with; fail makes an argument fail.
type fakeHook struct {
	mu   sync.Mutex
	runs []string
	fail map[string]error
}

func (h *fakeHook) Run(arg string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.runs = append(h.runs, arg)
	return h.fail[arg]
}

func (h *fakeHook) String() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return strings.Join(h.runs, ",")
}

// fakeClock holds the armed timers; fire runs one as if its time came.
type fakeClock struct {
	mu     sync.Mutex
	timers []*fakeTimer
}

type fakeTimer struct {
	d       time.Duration
	f       func()
	stopped bool
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{d: d, f: f}
	c.timers = append(c.timers, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		t.stopped = true
		return true
	}
}

// fire runs timer i, even a stopped one (a stop that came too late).
func (c *fakeClock) fire(i int) {
	c.mu.Lock()
	t := c.timers[i]
	c.mu.Unlock()
	t.f()
}

func (c *fakeClock) armed() (n, live int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, t := range c.timers {
		if !t.stopped {
			live++
		}
	}
	return len(c.timers), live
}

// world is the freeze domain under test, run by the real domain shell
// under a parent that collects its Done reports.
type world struct {
	t       *testing.T
	sys     *actor.ActorSystem
	pid     *actor.PID
	logic   *Logic
	fs      *freeze.Sim
	journal *bytes.Buffer
	hook    *fakeHook
	clock   *fakeClock
	marker  *freeze.Marker
	logs    *observer.ObservedLogs
	replies chan *command.Reply
	dones   chan *supervisor.Done
	seq     uint64
}

func newWorld(t *testing.T, spec string, markerDir string) *world {
	t.Helper()
	inj, err := faults.Parse(spec)
	if err != nil {
		t.Fatal(err)
	}
	if markerDir == "" {
		markerDir = t.TempDir()
	}
	w := &world{t: t, sys: actor.NewActorSystem(), journal: &bytes.Buffer{}, hook: &fakeHook{fail: map[string]error{}},
		clock: &fakeClock{}, replies: make(chan *command.Reply, 100), dones: make(chan *supervisor.Done, 100)}
	w.fs, err = freeze.NewSim(sim.Default(), sim.NewJournal(w.journal), "")
	if err != nil {
		t.Fatal(err)
	}
	core, logs := observer.New(zap.InfoLevel)
	w.logs = logs
	w.marker = freeze.NewMarker(markerDir, inj)
	w.logic = New(Deps{Freezer: freeze.WithFaults(w.fs, inj), Marker: w.marker, Hook: w.hook,
		Timeout: time.Minute, Log: zap.New(core), AfterFunc: w.clock.AfterFunc})
	w.spawn(inj)
	return w
}

func (w *world) spawn(inj *faults.Injector) {
	sink := w.sys.Root.Spawn(actor.PropsFromFunc(func(c actor.Context) {
		if r, ok := c.Message().(*command.Reply); ok {
			w.replies <- r
		}
	}))
	props := domain.Props(domain.Config{Name: Name, Logic: w.logic, Replies: sink, Faults: inj})
	pids := make(chan *actor.PID, 1)
	w.sys.Root.Spawn(actor.PropsFromFunc(func(c actor.Context) {
		switch m := c.Message().(type) {
		case *actor.Started:
			pids <- c.Spawn(props)
		case *supervisor.Done:
			w.dones <- m
		}
	}, actor.WithSupervisor(supervisor.NewStrategy(zap.NewNop(), supervisor.Backoff{Window: time.Second, Free: 100}))))
	w.pid = <-pids
	w.t.Cleanup(w.sys.Shutdown)
}

var specByName = map[string]*command.Spec{}

func init() {
	for i := range Specs {
		specByName[Specs[i].Name] = &Specs[i]
	}
}

// call sends a command and returns its reply line and the Done report.
func (w *world) call(name, args string) (string, *supervisor.Done) {
	w.t.Helper()
	w.seq++
	req := &command.Request{Gen: 1, Seq: w.seq, Spec: specByName[name]}
	if args != "" {
		req.Args = []byte(args)
	}
	w.sys.Root.Send(w.pid, req)
	select {
	case r := <-w.replies:
		return strings.TrimSpace(string(r.Line)), w.done()
	case <-time.After(5 * time.Second):
		w.t.Fatalf("%s: no reply", name)
	}
	return "", nil
}

func (w *world) done() *supervisor.Done {
	w.t.Helper()
	select {
	case d := <-w.dones:
		if d.Frozen == nil {
			w.t.Fatal("the freeze domain's Done must carry Frozen")
		}
		return d
	case <-time.After(5 * time.Second):
		w.t.Fatal("no Done report")
	}
	return nil
}

func (w *world) expect(name, args, want string, frozen bool) {
	w.t.Helper()
	got, d := w.call(name, args)
	if got != want || *d.Frozen != frozen {
		w.t.Fatalf("%s %s = %s (frozen=%v), want %s (frozen=%v)\nfs:\n%s", name, args, got, *d.Frozen, want, frozen, w.fs)
	}
}

func (w *world) frozenMounts() string {
	var out []string
	for _, l := range strings.Split(w.fs.String(), "\n") {
		if strings.HasSuffix(l, " frozen") {
			out = append(out, strings.Fields(l)[0])
		}
	}
	return strings.Join(out, ",")
}

func TestFreezeThaw(t *testing.T) {
	w := newWorld(t, "", "")
	w.expect(StatusCmd, "", `{"return":"thawed"}`, false)
	w.expect(FreezeCmd, "", `{"return":3}`, true)
	if w.frozenMounts() != "/,/boot,/home" || !w.marker.Exists() || w.hook.String() != "freeze" {
		t.Fatalf("after freeze: %s marker=%v hook=%s", w.frozenMounts(), w.marker.Exists(), w.hook)
	}
	w.expect(StatusCmd, "", `{"return":"frozen"}`, true)
	w.expect(ThawCmd, "", `{"return":3}`, false)
	w.expect(ThawCmd, "", `{"return":0}`, false)
	if w.frozenMounts() != "" || w.marker.Exists() || w.hook.String() != "freeze,thaw,thaw" {
		t.Fatalf("after thaw: %s marker=%v hook=%s", w.frozenMounts(), w.marker.Exists(), w.hook)
	}
	if !strings.HasPrefix(w.journal.String(), `{"mount":"/home","op":"freeze"}`) {
		t.Errorf("freeze order: %s", w.journal)
	}
}

func TestFreezeList(t *testing.T) {
	w := newWorld(t, "", "")
	w.expect(ListCmd, `{"mountpoints":["/home","/proc"]}`,
		`{"error":{"class":"GenericError","desc":"no freezable filesystem is mounted at /proc"}}`, false)
	if w.hook.String() != "freeze,thaw" || w.marker.Exists() {
		t.Fatalf("hook %s marker %v", w.hook, w.marker.Exists())
	}
	w.expect(ListCmd, `{"mountpoints":["/home","/"]}`, `{"return":2}`, true)
	if w.frozenMounts() != "/,/home" {
		t.Fatalf("frozen: %s", w.frozenMounts())
	}
	w.expect(ThawCmd, "", `{"return":2}`, false)
	w.expect(ListCmd, `{}`, `{"return":3}`, true)
}

func TestPartialFailureThawsAll(t *testing.T) {
	w := newWorld(t, "os.freeze@/boot=error(EIO)*1", "")
	w.expect(FreezeCmd, "", `{"error":{"class":"GenericError","desc":"failed to freeze /boot: Input/output error"}}`, false)
	if w.frozenMounts() != "" || w.marker.Exists() || w.hook.String() != "freeze,thaw" {
		t.Fatalf("after failure: frozen=%q marker=%v hook=%s", w.frozenMounts(), w.marker.Exists(), w.hook)
	}
	w.expect(StatusCmd, "", `{"return":"thawed"}`, false)
}

func TestHookFailureAborts(t *testing.T) {
	w := newWorld(t, "", "")
	w.hook.fail["freeze"] = errors.New("fsfreeze hook has failed with status 1: db busy")
	w.expect(FreezeCmd, "", `{"error":{"class":"GenericError","desc":"fsfreeze hook has failed with status 1: db busy"}}`, false)
	if w.journal.Len() != 0 || w.marker.Exists() {
		t.Fatalf("a refused hook froze something: %s", w.journal)
	}
}

// The watchdog thaws a freeze nobody thawed, and a late timer of an older
// freeze never thaws a newer one.
func TestWatchdog(t *testing.T) {
	w := newWorld(t, "", "")
	w.expect(FreezeCmd, "", `{"return":3}`, true)
	w.clock.fire(0)
	if d := w.done(); !d.Internal || *d.Frozen {
		t.Fatalf("watchdog Done = %+v", d)
	}
	if w.frozenMounts() != "" || w.marker.Exists() {
		t.Fatalf("watchdog left %s frozen", w.frozenMounts())
	}
	if w.logs.FilterMessage("no thaw arrived in time: the watchdog thawed the filesystems").Len() != 1 {
		t.Errorf("watchdog not logged: %v", w.logs.All())
	}
	w.expect(FreezeCmd, "", `{"return":3}`, true)
	w.clock.fire(0) // the first freeze's timer, late
	if d := w.done(); !d.Internal || !*d.Frozen {
		t.Fatalf("a late timer changed the state: %+v", d)
	}
	w.expect(StatusCmd, "", `{"return":"frozen"}`, true)
	w.expect(ThawCmd, "", `{"return":3}`, false)
	if n, live := w.clock.armed(); n != 2 || live != 0 {
		t.Errorf("timers armed %d, live %d after the thaw", n, live)
	}
}

// A crash in the middle of a freeze: the gate stays closed (the reports
// say frozen), status says frozen, and a thaw thaws what was frozen.
func TestCrashMidFreeze(t *testing.T) {
	w := newWorld(t, "os.freeze@/boot=panic*1", "")
	got, d := w.call(FreezeCmd, "")
	if !strings.Contains(got, "internal error: the freeze domain failed") || !*d.Frozen {
		t.Fatalf("crash: %s %+v", got, d)
	}
	if w.frozenMounts() != "/home" {
		t.Fatalf("frozen before the crash: %q", w.frozenMounts())
	}
	w.expect(StatusCmd, "", `{"return":"frozen"}`, true)
	w.expect(FreezeCmd, "", `{"error":{"class":"GenericError","desc":"the filesystems are already frozen"}}`, true)
	if n, _ := w.clock.armed(); n != 1 {
		t.Errorf("no watchdog armed after the crash (%d timers)", n)
	}
	w.expect(ThawCmd, "", `{"return":1}`, false)
	if w.frozenMounts() != "" || w.marker.Exists() {
		t.Fatalf("after thaw: %q marker=%v", w.frozenMounts(), w.marker.Exists())
	}
}

// An agent that finds the marker starts frozen, arms the watchdog, and
// a thaw clears it.
func TestStartFrozen(t *testing.T) {
	dir := t.TempDir()
	if err := freeze.NewMarker(dir, nil).Create(); err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, "", dir)
	w.expect(StatusCmd, "", `{"return":"frozen"}`, true)
	if n, live := w.clock.armed(); n != 1 || live != 1 {
		t.Fatalf("watchdog at start-up: %d timers, %d live", n, live)
	}
	w.expect(ThawCmd, "", `{"return":0}`, false)
	if w.marker.Exists() {
		t.Fatal("marker left after the thaw")
	}
}

func TestThawBeforeExit(t *testing.T) {
	w := newWorld(t, "", "")
	w.expect(StatusCmd, "", `{"return":"thawed"}`, false) // the actor runs
	if err := w.logic.ThawBeforeExit(5 * time.Second); err != nil {
		t.Fatalf("thawed agent: %v", err)
	}
	if d := w.done(); !d.Internal || *d.Frozen || w.hook.String() != "" {
		t.Fatalf("a thawed agent did work before exit: %+v hook=%s", d, w.hook)
	}
	w.expect(FreezeCmd, "", `{"return":3}`, true)
	if err := w.logic.ThawBeforeExit(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if d := w.done(); *d.Frozen || w.frozenMounts() != "" {
		t.Fatalf("exit left %q frozen", w.frozenMounts())
	}
	unstarted := New(Deps{Marker: freeze.NewMarker(t.TempDir(), nil)})
	if err := unstarted.ThawBeforeExit(time.Millisecond); err != nil {
		t.Errorf("an actor that never ran: %v", err)
	}
}

func TestUnknownInternalCommand(t *testing.T) {
	w := newWorld(t, "", "")
	w.sys.Root.Send(w.pid, &command.Request{Gen: 1, Seq: 1, Spec: &command.Spec{Name: "guest-x", Domain: Name}})
	if r := <-w.replies; !strings.Contains(string(r.Line), "CommandNotFound") {
		t.Errorf("reply %s", r.Line)
	}
	w.done()
}

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/asynkron/protoactor-go/actor.(*throttler).Start.func1"))
}

// Every freeze, freeze-list and thaw leaves one audit line, the
// watchdog's thaw too; status and a stale timer leave none.
func TestAuditLines(t *testing.T) {
	w := newWorld(t, "", "")
	w.expect(StatusCmd, "", `{"return":"thawed"}`, false)
	w.expect(ListCmd, `{"mountpoints":["/home"]}`, `{"return":1}`, true)
	w.expect(ThawCmd, "", `{"return":1}`, false)
	w.expect(FreezeCmd, "", `{"return":3}`, true)
	w.clock.fire(1)
	w.done()
	w.clock.fire(0) // stale
	w.done()
	var got []string
	for _, e := range w.logs.FilterMessage("audit").All() {
		m := e.ContextMap()
		got = append(got, fmt.Sprintf("%v count=%v state=%v by=%v mounts=%v", m["command"], m["count"], m["state"], m["by"], m["mountpoints"]))
	}
	want := []string{
		"guest-fsfreeze-freeze-list count=1 state=frozen by=<nil> mounts=[/home]",
		"guest-fsfreeze-thaw count=1 state=thawed by=<nil> mounts=<nil>",
		"guest-fsfreeze-freeze count=3 state=frozen by=<nil> mounts=<nil>",
		"guest-fsfreeze-thaw count=3 state=thawed by=watchdog mounts=<nil>",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("audit lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
