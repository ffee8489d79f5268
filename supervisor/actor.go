package supervisor

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	"github.com/goqga/goqga/command"
)

// Config describes the supervisor actor.
type Config struct {
	Router  Router
	Version string
	// Domains maps a domain name to the props of the actor owning it.
	Domains map[string]*actor.Props
	Replies *actor.PID // the channel actor
	Log     *zap.Logger
	Backoff Backoff
	// Gate names the freeze domain and its commands; zero: no freeze gate
	// moves (the gate stays as Frozen says).
	Gate Gate
	// Frozen starts the agent with the gate closed: the frozen marker was
	// found at start-up.
	Frozen bool
	// OnGate is called, inside the supervisor, each time the gate closes
	// (true) or opens (false); the agent stops and resumes its file
	// writes with it. It must not block: a close runs before the freeze
	// request is even sent.
	OnGate func(closed bool)
	// HoldLimit and MaxHeld bound the requests that wait for the freeze
	// state to settle; zero means the defaults.
	HoldLimit time.Duration
	MaxHeld   int
}

// holdExpired wakes the supervisor when a held request has waited long
// enough.
type holdExpired struct{ gen uint64 }

// Props returns the supervisor's props; its children (the domain actors)
// are restarted by a Strategy that never gives up on them. The Dispatcher
// is made here, outside the actor instance, so the gate's state survives
// a restart of the supervisor itself.
func Props(cfg Config) *actor.Props {
	if cfg.Log == nil {
		cfg.Log = zap.NewNop()
	}
	if cfg.OnGate == nil {
		cfg.OnGate = func(bool) {}
	}
	d := NewDispatcher(&cfg.Router, cfg.Version, cfg.Gate, cfg.Frozen)
	if cfg.HoldLimit > 0 {
		d.HoldLimit = cfg.HoldLimit
	}
	if cfg.MaxHeld > 0 {
		d.MaxHeld = cfg.MaxHeld
	}
	strategy := NewStrategy(cfg.Log, cfg.Backoff)
	return actor.PropsFromProducer(func() actor.Actor {
		return &supervisor{cfg: cfg, d: d}
	}, actor.WithSupervisor(strategy))
}

type supervisor struct {
	cfg      Config
	d        *Dispatcher
	children map[string]*actor.PID
	timer    *time.Timer
}

func (s *supervisor) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *actor.Started:
		s.spawnChildren(ctx)
	case *actor.Stopping:
		s.stopTimer()
	case *command.Message:
		s.act(ctx, s.d.Message(m))
	case *Done:
		s.act(ctx, s.d.Done(m))
	case *holdExpired:
		s.act(ctx, s.d.Expired(m.gen))
	}
}

func (s *supervisor) spawnChildren(ctx actor.Context) {
	s.children = make(map[string]*actor.PID, len(s.cfg.Domains))
	for name, props := range s.cfg.Domains {
		pid, err := ctx.SpawnNamed(props, name)
		if err != nil {
			// A name clash means a programming error; fail loudly at start.
			panic(err)
		}
		s.children[name] = pid
	}
}

// act carries out the Dispatcher's actions in order.
func (s *supervisor) act(ctx actor.Context, acts []Action) {
	for _, a := range acts {
		switch {
		case a.Reply != nil:
			ctx.Send(s.cfg.Replies, a.Reply)
		case a.Route != nil:
			s.route(ctx, a.Route)
		case a.Gate != nil:
			s.cfg.Log.Info("freeze gate moved", zap.Bool("closed", *a.Gate))
			s.cfg.OnGate(*a.Gate)
		case a.Arm != nil:
			s.arm(ctx, a.Arm)
		}
	}
}

func (s *supervisor) route(ctx actor.Context, req *command.Request) {
	pid, ok := s.children[req.Spec.Domain]
	if !ok {
		ctx.Send(s.cfg.Replies, req.Fail(command.Errorf(
			"internal error: no actor serves the %s domain", req.Spec.Domain)))
		// Nobody will report it done: report it ourselves.
		s.act(ctx, s.d.Done(&Done{Domain: req.Spec.Domain, Gen: req.Gen, Seq: req.Seq}))
		return
	}
	ctx.Send(pid, req)
}

func (s *supervisor) arm(ctx actor.Context, t *Timer) {
	s.stopTimer()
	self, sys := ctx.Self(), ctx.ActorSystem()
	s.timer = time.AfterFunc(t.After, func() { sys.Root.Send(self, &holdExpired{gen: t.Gen}) })
}

func (s *supervisor) stopTimer() {
	if s.timer != nil {
		s.timer.Stop()
	}
}
