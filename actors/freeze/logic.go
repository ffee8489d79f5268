package freeze

import (
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/audit"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/freeze"
)

// Hook runs the fsfreeze hook (os/hook.Runner).
type Hook interface {
	Run(arg string) error
}

// Deps is what the Logic needs from the OS and the agent. Every field is
// read-only after New: Ops use them off the actor.
type Deps struct {
	Freezer freeze.Freezer // with its fault decorator
	Marker  *freeze.Marker
	Hook    Hook          // nil: no -F
	Timeout time.Duration // the auto-thaw watchdog; 0 disables it
	Log     *zap.Logger
	// AfterFunc starts a timer (time.AfterFunc if nil); tests drive time.
	AfterFunc func(d time.Duration, f func()) (stop func() bool)
}

// Logic is the freeze domain: a Machine driven by requests, the watchdog
// and the agent's exit, executing the Machine's effects through os/freeze
// and os/hook in Chain steps.
type Logic struct {
	deps Deps
	m    Machine
	arm0 uint64      // the watchdog to arm once the actor runs (start-up frozen)
	stop func() bool // the armed watchdog's timer

	mu   sync.Mutex // guards post, used by timers and the agent's exit
	post func(*domain.Internal)
}

// New returns the Logic, frozen if the marker says an earlier agent died
// with filesystems frozen.
func New(d Deps) *Logic {
	if d.Log == nil {
		d.Log = zap.NewNop()
	}
	if d.AfterFunc == nil {
		d.AfterFunc = func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }
	}
	l := &Logic{deps: d}
	if l.arm0 = l.m.Recover(d.Marker.Exists()); l.arm0 != 0 {
		d.Log.Warn("the frozen marker is present: an earlier agent died with filesystems frozen; only thaw and status run until a thaw",
			zap.String("marker", d.Marker.Path))
	}
	return l
}

// MayBeFrozen implements domain.FreezeReporter.
func (l *Logic) MayBeFrozen() bool { return l.m.MayBeFrozen() }

// Started implements domain.Starter: it keeps post for the timers and
// settles a procedure a crash interrupted.
func (l *Logic) Started(post func(*domain.Internal)) {
	l.mu.Lock()
	l.post = post
	l.mu.Unlock()
	l.settleCrash()
	l.arm(l.arm0)
	l.arm0 = 0
}

// settleCrash moves the Machine to Unknown when a procedure's effect
// never came back: its actor crashed.
func (l *Logic) settleCrash() {
	if gen := l.m.Crashed(); gen != 0 {
		l.deps.Log.Error("the freeze domain crashed in the middle of a freeze or thaw; filesystems may be frozen until a thaw")
		l.arm(gen)
	}
}

// Handle implements domain.Logic.
func (l *Logic) Handle(req *command.Request) domain.Step {
	l.settleCrash()
	switch req.Spec.Name {
	case StatusCmd:
		return domain.Now(req.Return(l.m.Status()))
	case FreezeCmd:
		return l.drive(req, l.m.Start(Cmd{Kind: Freeze}))
	case ListCmd:
		return l.drive(req, l.m.Start(listCmd(req.Args)))
	case ThawCmd:
		return l.drive(req, l.m.Start(Cmd{Kind: Thaw}))
	case watchdogSpec.Name:
		gen, _ := strconv.ParseUint(string(req.Args), 10, 64)
		return l.drive(req, l.m.Start(Cmd{Kind: Timeout, Gen: gen}))
	case exitSpec.Name:
		return l.drive(req, l.m.Start(Cmd{Kind: Exit}))
	}
	return domain.Now(req.Fail(command.NotFound(req.Spec.Name)))
}

// listCmd reads guest-fsfreeze-freeze-list's arguments (validated by the
// supervisor): without mountpoints it is a plain freeze.
func listCmd(args json.RawMessage) Cmd {
	var a struct{ Mountpoints *[]string }
	if len(args) > 0 {
		_ = json.Unmarshal(args, &a)
	}
	if a.Mountpoints == nil {
		return Cmd{Kind: Freeze}
	}
	return Cmd{Kind: ListFreeze, Mounts: *a.Mountpoints}
}

// drive turns the Machine's answer into the shell's Step: the next effect
// as an Op whose result is fed back, or the reply.
func (l *Logic) drive(req *command.Request, next Next) domain.Step {
	if next.Done != nil {
		return domain.Now(l.finish(req, *next.Done))
	}
	e := *next.Effect
	return domain.Chain(l.op(e), func(res any, err error) domain.Step {
		r := Result{Err: err}
		switch v := res.(type) {
		case int:
			r.Count = v
		case []string:
			r.Mounts = v
		}
		return l.drive(req, l.m.Feed(r))
	})
}

// op is the I/O of one effect. It runs off the actor and reads only the
// immutable deps.
func (l *Logic) op(e Effect) func() (any, error) {
	d := l.deps
	switch e.Kind {
	case RunHook:
		return func() (any, error) { return nil, runHook(d.Hook, e.Arg) }
	case ListMounts:
		return func() (any, error) {
			m, err := freeze.List(d.Freezer)
			return freeze.Paths(m), err
		}
	case Mark:
		return func() (any, error) { return nil, d.Marker.Create() }
	case FreezeMounts:
		return func() (any, error) { return freeze.FreezeAll(d.Freezer, e.Mounts) }
	case ThawMounts:
		return func() (any, error) { return freeze.ThawAll(d.Freezer, e.Mounts) }
	case Unmark:
		return func() (any, error) { return nil, d.Marker.Remove() }
	}
	panic("freeze: unknown effect " + e.String())
}

func runHook(h Hook, arg string) error {
	if h == nil {
		return nil
	}
	return h.Run(arg)
}

// finish logs the outcome, moves the watchdog and words the reply.
func (l *Logic) finish(req *command.Request, o Outcome) *command.Reply {
	for _, w := range o.Warnings {
		l.deps.Log.Warn("freeze domain", zap.String("command", req.Spec.Name), zap.Error(w))
	}
	if !l.m.MayBeFrozen() {
		l.disarm()
	}
	l.arm(o.Arm)
	l.logOutcome(req, o)
	if o.Err != nil {
		return req.Fail(o.Err)
	}
	return req.Return(o.Count)
}

func (l *Logic) logOutcome(req *command.Request, o Outcome) {
	if o.Ignored {
		return
	}
	l.audit(req, o)
	log := l.deps.Log.With(zap.String("command", req.Spec.Name), zap.Int("count", o.Count))
	switch {
	case o.Err != nil:
		log.Warn("freeze domain command failed", zap.Error(o.Err), zap.Stringer("state", l.m.State))
	case req.Spec == watchdogSpec:
		log.Warn("no thaw arrived in time: the watchdog thawed the filesystems", zap.Duration("freeze-timeout", l.deps.Timeout))
	case req.Spec == exitSpec:
		log.Warn("the agent is stopping while frozen: thawed the filesystems first")
	default:
		log.Info("freeze domain command done", zap.Stringer("state", l.m.State))
	}
}

// audit leaves the one audit line of a freeze, freeze-list or thaw,
// the watchdog's and the exit's thaws included (named guest-fsfreeze-thaw,
// with who asked): the mounts asked for, how many were frozen or thawed,
// the state after, and the error if it failed.
func (l *Logic) audit(req *command.Request, o Outcome) {
	name := req.Spec.Name
	fields := []zap.Field{zap.Int("count", o.Count), zap.Stringer("state", l.m.State)}
	switch req.Spec {
	case watchdogSpec:
		name, fields = ThawCmd, append(fields, zap.String("by", "watchdog"))
	case exitSpec:
		name, fields = ThawCmd, append(fields, zap.String("by", "agent exit"))
	}
	if c := listCmd(req.Args); name == ListCmd && c.Kind == ListFreeze {
		fields = append(fields, zap.Strings("mountpoints", c.Mounts))
	}
	if o.Err != nil {
		fields = append(fields, zap.NamedError("failed", o.Err))
	}
	audit.Line(l.deps.Log, name, fields...)
}

// arm starts the watchdog for freeze generation gen (0: none).
func (l *Logic) arm(gen uint64) {
	if gen == 0 || l.deps.Timeout <= 0 {
		return
	}
	l.disarm()
	args := []byte(strconv.FormatUint(gen, 10))
	l.stop = l.deps.AfterFunc(l.deps.Timeout, func() {
		l.postInternal(&domain.Internal{Req: &command.Request{Spec: watchdogSpec, Args: args}})
	})
}

func (l *Logic) disarm() {
	if l.stop != nil {
		l.stop()
		l.stop = nil
	}
}

func (l *Logic) postInternal(in *domain.Internal) bool {
	l.mu.Lock()
	post := l.post
	l.mu.Unlock()
	if post != nil {
		post(in)
	}
	return post != nil
}

// ErrExitTimeout is ThawBeforeExit's error when the thaw did not finish.
var ErrExitTimeout = errors.New("the thaw before exit did not finish in time")

// ThawBeforeExit thaws, if filesystems may be frozen, before the agent
// exits, and waits for it at most timeout. It runs in the domain's lane,
// after whatever the domain is doing.
func (l *Logic) ThawBeforeExit(timeout time.Duration) error {
	got := make(chan *command.Reply, 1)
	in := &domain.Internal{Req: &command.Request{Spec: exitSpec}, Done: func(r *command.Reply) { got <- r }}
	if !l.postInternal(in) {
		return nil // the actor never ran: it froze nothing
	}
	select {
	case r := <-got:
		var res struct{ Error *command.Error }
		if json.Unmarshal(r.Line, &res) == nil && res.Error != nil {
			return res.Error
		}
		return nil
	case <-time.After(timeout):
		return ErrExitTimeout
	}
}
