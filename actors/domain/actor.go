package domain

import (
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/supervisor"
)

// Config describes one domain actor.
type Config struct {
	Name     string // domain name; faults target it as actor.<Name>
	Logic    Logic
	Replies  *actor.PID // the channel actor, where every Reply goes
	Faults   *faults.Injector
	Log      *zap.Logger
	MaxQueue int // waiting requests beyond which new ones are refused; 0 = 1024
}

// Crash is the panic value a domain actor re-raises after answering the
// request that crashed it; the supervisor logs it.
type Crash struct {
	Domain  string
	Command string
	ID      json.RawMessage // the request's id, so the log names the request; nil: none
	Reason  any
	Stack   []byte
}

// String names the request that caused the crash (its command and id, not
// its arguments, which may carry file contents).
func (c *Crash) String() string {
	if c.ID != nil {
		return fmt.Sprintf("%s actor crashed in %s (request id %s): %v", c.Domain, c.Command, c.ID, c.Reason)
	}
	return fmt.Sprintf("%s actor crashed in %s: %v", c.Domain, c.Command, c.Reason)
}

// opDone carries an Op's result back into the actor.
type opDone struct {
	req  *command.Request
	next func(any, error) Step
	res  any
	err  error
	pan  any // non-nil when the Op panicked
}

// Props returns props for the domain's actor. Every incarnation shares
// one Lane, so a restart keeps the queue.
func Props(cfg Config) *actor.Props {
	if cfg.MaxQueue == 0 {
		cfg.MaxQueue = 1024
	}
	if cfg.Log == nil {
		cfg.Log = zap.NewNop()
	}
	lane := &Lane{}
	return actor.PropsFromProducer(func() actor.Actor {
		return &shell{cfg: cfg, lane: lane}
	})
}

type shell struct {
	cfg  Config
	lane *Lane
}

func (s *shell) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *actor.Started:
		s.started(ctx)
		s.pump(ctx)
	case *command.Request:
		if s.lane.len() >= s.cfg.MaxQueue {
			s.answer(ctx, m, m.Fail(command.Errorf(
				"the %s domain has %d requests waiting; try again later", s.cfg.Name, s.cfg.MaxQueue)))
			return
		}
		s.lane.push(m, false, nil)
		s.pump(ctx)
	case *Internal:
		s.lane.push(m.Req, true, m.Done)
		s.pump(ctx)
	case *opDone:
		s.finish(ctx, m)
	}
}

// started tells a Starter Logic that its actor runs, and how to post
// itself work.
func (s *shell) started(ctx actor.Context) {
	st, ok := s.cfg.Logic.(Starter)
	if !ok {
		return
	}
	self, sys := ctx.Self(), ctx.ActorSystem()
	st.Started(func(in *Internal) { sys.Root.Send(self, in) })
}

// pump starts waiting requests until one needs an Op (or none is left).
func (s *shell) pump(ctx actor.Context) {
	for req := s.lane.next(); req != nil; req = s.lane.next() {
		s.start(ctx, req)
	}
}

func (s *shell) start(ctx actor.Context, req *command.Request) {
	defer s.recoverFor(ctx, req)
	f, faulty := s.cfg.Faults.Match("actor."+s.cfg.Name, req.Spec.Name)
	if faulty && f.Action == faults.Panic {
		panic(&faults.InjectedPanic{Point: "actor." + s.cfg.Name, Target: req.Spec.Name})
	}
	step := s.cfg.Logic.Handle(req)
	if faulty {
		step = s.slowed(req, step, f)
	}
	s.proceed(ctx, req, step)
}

// proceed answers req or starts the Op its step needs.
func (s *shell) proceed(ctx actor.Context, req *command.Request, step Step) {
	if step.Op == nil {
		s.answer(ctx, req, step.Reply)
		return
	}
	s.lane.setInflight(req)
	s.run(ctx, req, step)
}

// slowed turns a step into one whose Op first suffers the injected fault
// (delay, hang or error) off the actor.
func (s *shell) slowed(req *command.Request, step Step, f faults.Fault) Step {
	inj := s.cfg.Faults
	if step.Op == nil {
		rep := step.Reply
		return Do(func() (any, error) { return nil, inj.Apply(f) },
			func(_ any, err error) *command.Reply {
				if err != nil && rep != nil && !rep.None {
					return req.Fail(err)
				}
				return rep
			})
	}
	op := step.Op
	step.Op = func() (any, error) {
		if err := inj.Apply(f); err != nil {
			return nil, err
		}
		return op()
	}
	return step
}

func (s *shell) run(ctx actor.Context, req *command.Request, step Step) {
	self, sys := ctx.Self(), ctx.ActorSystem()
	go func() {
		d := &opDone{req: req, next: step.next()}
		defer func() {
			if p := recover(); p != nil {
				d.pan = &Crash{Domain: s.cfg.Name, Command: req.Spec.Name, ID: req.ID, Reason: p, Stack: debug.Stack()}
			}
			sys.Root.Send(self, d)
		}()
		d.res, d.err = step.Op()
	}()
}

func (s *shell) finish(ctx actor.Context, d *opDone) {
	if !s.lane.done(d.req) {
		return // answered already by a crash of an earlier incarnation
	}
	func() {
		defer s.recoverFor(ctx, d.req)
		if d.pan != nil {
			panic(d.pan)
		}
		s.proceed(ctx, d.req, d.next(d.res, d.err))
	}()
	s.pump(ctx)
}

// recoverFor answers req with a GenericError when handling it panicked,
// then re-panics so supervision restarts the actor.
func (s *shell) recoverFor(ctx actor.Context, req *command.Request) {
	p := recover()
	if p == nil {
		return
	}
	crash, ok := p.(*Crash)
	if !ok {
		crash = &Crash{Domain: s.cfg.Name, Command: req.Spec.Name, ID: req.ID, Reason: p, Stack: debug.Stack()}
	}
	s.answer(ctx, req, req.Fail(command.Errorf("internal error: the %s domain failed while handling %s (%v); it has been restarted",
		s.cfg.Name, req.Spec.Name, crash.Reason)))
	panic(crash)
}

// answer delivers req's one reply (to the channel, or to an internal
// request's Done) and reports it to the parent (the supervisor), with
// the freeze state when the Logic has one.
func (s *shell) answer(ctx actor.Context, req *command.Request, r *command.Reply) {
	if r == nil {
		r = req.Fail(command.Errorf("internal error: the %s domain gave no answer to %s", s.cfg.Name, req.Spec.Name))
	}
	done, internal := s.lane.takeInternal(req)
	switch {
	case !internal:
		ctx.Send(s.cfg.Replies, r)
	case done != nil:
		done(r)
	}
	parent := ctx.Parent()
	if parent == nil {
		return
	}
	rep := &supervisor.Done{Domain: s.cfg.Name, Gen: req.Gen, Seq: req.Seq, Internal: internal}
	if fr, ok := s.cfg.Logic.(FreezeReporter); ok {
		frozen := fr.MayBeFrozen()
		rep.Frozen = &frozen
	}
	ctx.Send(parent, rep)
}
