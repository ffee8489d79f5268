package exec

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/audit"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/process"
)

// Defaults of the agent's flags.
const (
	DefaultMax = 64               // --exec-max
	DefaultTTL = 10 * time.Minute // --exec-ttl
)

// Deps is what the Logic needs. Every field is read-only after New: Ops
// and waiters use them off the actor.
type Deps struct {
	Runner process.Runner // with its fault decorator
	Max    int            // processes running or uncollected at most
	TTL    time.Duration  // a result nobody collects is dropped after this
	Policy *Policy        // nil: any program
	Log    *zap.Logger
	// ReplyRoom, when set, waits while the replies the host has not read
	// fill the channel's byte budget (channel.Replies.WaitRoom): a
	// finished process's status reply (up to 2 x 16 MiB of output, base64)
	// is built only once there is room, as a file read's is.
	ReplyRoom func(gen, seq uint64)
	// Now and AfterFunc are the clock (time.Now, time.AfterFunc if nil);
	// tests drive time.
	Now       func() time.Time
	AfterFunc func(d time.Duration, f func()) (stop func() bool)
}

// Logic is the exec domain: it owns the process table. It lives as long
// as the agent, across restarts of its actor, so no process is lost.
type Logic struct {
	d   Deps
	tab *table

	mu   sync.Mutex // guards post, used by waiters and timers
	post func(*domain.Internal)
}

// New returns the Logic.
func New(d Deps) *Logic {
	if d.Log == nil {
		d.Log = zap.NewNop()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.AfterFunc == nil {
		d.AfterFunc = func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }
	}
	return &Logic{d: d, tab: newTable(max(d.Max, 1), d.TTL)}
}

// Started implements domain.Starter: waiters and timers post through the
// latest incarnation's lane.
func (l *Logic) Started(post func(*domain.Internal)) {
	l.mu.Lock()
	l.post = post
	l.mu.Unlock()
}

func (l *Logic) postInternal(spec *command.Spec, pid int) {
	l.mu.Lock()
	post := l.post
	l.mu.Unlock()
	if post != nil {
		post(&domain.Internal{Req: &command.Request{Spec: spec, Args: []byte(strconv.Itoa(pid))}})
	}
}

// Processes reports how many processes the table holds.
func (l *Logic) Processes() int { return l.tab.len() }

// Handle implements domain.Logic.
func (l *Logic) Handle(req *command.Request) domain.Step {
	switch req.Spec.Name {
	case ExecCmd:
		return l.exec(req)
	case StatusCmd:
		return l.status(req)
	case exitedSpec.Name:
		return domain.Now(l.exited(req))
	case expireSpec.Name:
		return l.expire(req)
	}
	return domain.Now(req.Fail(command.NotFound(req.Spec.Name)))
}

// exec checks what needs no OS, then resolves (with a policy) and starts
// the program off the actor; the process enters the table in Then.
func (l *Logic) exec(req *command.Request) domain.Step {
	spec, cerr := parseExec(req.Args)
	if cerr != nil {
		return domain.Now(req.Fail(cerr))
	}
	if cerr := l.tab.admit(); cerr != nil {
		l.d.Log.Warn("guest-exec refused: the process table is full", zap.String("path", spec.Path))
		return domain.Now(req.Fail(cerr))
	}
	run, pol := l.d.Runner, l.d.Policy
	return domain.Do(func() (any, error) {
		if pol != nil {
			exe, err := pol.check(run, spec)
			if err != nil {
				return nil, err
			}
			spec.Exe = exe
		}
		return run.Start(spec)
	}, func(res any, err error) *command.Reply {
		if err != nil {
			return l.execFailed(req, spec.Path, err)
		}
		return l.started(req, spec, res.(process.Process))
	})
}

func (l *Logic) execFailed(req *command.Request, path string, err error) *command.Reply {
	if pe := (*PolicyError)(nil); errors.As(err, &pe) {
		l.d.Log.Warn("guest-exec refused by the --exec-allow policy", zap.String("path", path), zap.String("resolved", pe.Resolved))
		return req.Fail(command.Errorf("%s", pe))
	}
	l.d.Log.Info("guest-exec failed", zap.String("path", path), zap.Error(err))
	return req.Fail(command.Errorf("Guest agent command failed, error was '%s'", err))
}

// started records the process, audits it and starts its waiter.
func (l *Logic) started(req *command.Request, spec process.Spec, p process.Process) *command.Reply {
	e := &entry{pid: p.Pid(), path: spec.Path, proc: p, out: &outcome{}}
	l.tab.add(e)
	audit.Line(l.d.Log, ExecCmd, zap.String("path", spec.Path), zap.Int("pid", e.pid),
		zap.Int("args", len(spec.Args)), zap.Stringer("capture", spec.Capture), zap.Bool("input", spec.HasStdin))
	go l.wait(e.pid, p, e.out)
	return req.ReturnRaw([]byte(`{"pid":` + strconv.Itoa(e.pid) + `}`))
}

// wait runs off the actor, one goroutine per process: it fills out, then
// posts the exit. A panic (an injected one, a backend bug) becomes the
// process's error instead of taking the agent down.
func (l *Logic) wait(pid int, p process.Process, out *outcome) {
	defer func() {
		if r := recover(); r != nil {
			out.res, out.err = process.Result{}, fmt.Errorf("panic while waiting: %v", r)
		}
		l.postInternal(exitedSpec, pid)
	}()
	out.res, out.err = p.Wait()
}

// exited records a process's end (internal, posted by its waiter): the
// result waits for guest-exec-status until the TTL drops it.
func (l *Logic) exited(req *command.Request) *command.Reply {
	pid, _ := strconv.Atoi(string(req.Args))
	e := l.tab.finish(pid, l.d.Now())
	if e == nil {
		return req.Return(struct{}{})
	}
	fields := []zap.Field{zap.String("path", e.path), zap.Int("pid", pid), zap.Bool("exited", true)}
	switch r := e.out.res; {
	case e.out.err != nil:
		fields = append(fields, zap.NamedError("wait-error", e.out.err))
	case r.Signaled:
		fields = append(fields, zap.Int("signal", r.Signal))
	default:
		fields = append(fields, zap.Int("exitcode", r.ExitCode))
	}
	audit.Line(l.d.Log, ExecCmd, fields...)
	e.stop = l.d.AfterFunc(l.d.TTL, func() { l.postInternal(expireSpec, pid) })
	return req.Return(struct{}{})
}

// status answers guest-exec-status. A finished process's result is
// answered once: its entry leaves the table and its zombie is reaped off
// the actor.
func (l *Logic) status(req *command.Request) domain.Step {
	pid, cerr := parsePid(req.Args)
	if cerr != nil {
		return domain.Now(req.Fail(cerr))
	}
	e, cerr := l.tab.status(pid)
	if cerr != nil {
		return domain.Now(req.Fail(cerr))
	}
	if !e.done {
		return domain.Now(req.ReturnRaw([]byte(`{"exited":false}`)))
	}
	if e.stop != nil {
		e.stop()
	}
	return domain.Do(func() (any, error) {
		e.proc.Release()
		if e.out.err != nil {
			return nil, e.out.err
		}
		if l.d.ReplyRoom != nil {
			l.d.ReplyRoom(req.Gen, req.Seq)
		}
		return statusReply(req, e.out.res), nil
	}, func(res any, err error) *command.Reply {
		if err != nil {
			return req.Fail(command.Errorf("cannot tell how process %d ended: %v", pid, err))
		}
		return res.(*command.Reply)
	})
}

// expire drops the results whose TTL passed (internal, posted by a
// timer) and reaps their zombies off the actor.
func (l *Logic) expire(req *command.Request) domain.Step {
	gone := l.tab.expire(l.d.Now())
	for _, e := range gone {
		l.d.Log.Warn("guest-exec result dropped: nobody collected it in time (--exec-ttl)",
			zap.Int("pid", e.pid), zap.String("path", e.path), zap.Duration("ttl", l.d.TTL))
	}
	if len(gone) == 0 {
		return domain.Now(req.Return(struct{}{}))
	}
	return domain.Do(func() (any, error) {
		for _, e := range gone {
			e.proc.Release()
		}
		return nil, nil
	}, func(any, error) *command.Reply { return req.Return(struct{}{}) })
}
