package supervisor

import (
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
}

// Props returns the supervisor's props; its children (the domain actors)
// are restarted by a Strategy that never gives up on them.
func Props(cfg Config) *actor.Props {
	if cfg.Log == nil {
		cfg.Log = zap.NewNop()
	}
	strategy := NewStrategy(cfg.Log, cfg.Backoff)
	return actor.PropsFromProducer(func() actor.Actor {
		return &supervisor{cfg: cfg, router: cfg.Router}
	}, actor.WithSupervisor(strategy))
}

type supervisor struct {
	cfg      Config
	router   Router
	children map[string]*actor.PID
}

func (s *supervisor) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *actor.Started:
		s.spawnChildren(ctx)
	case *command.Message:
		s.route(ctx, m)
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

func (s *supervisor) route(ctx actor.Context, m *command.Message) {
	req, rep := s.router.Route(m)
	if rep != nil {
		ctx.Send(s.cfg.Replies, rep)
		return
	}
	if req.Spec.Domain == Domain {
		ctx.Send(s.cfg.Replies, req.Return(s.router.Info(s.cfg.Version)))
		return
	}
	pid, ok := s.children[req.Spec.Domain]
	if !ok {
		ctx.Send(s.cfg.Replies, req.Fail(command.Errorf(
			"internal error: no actor serves the %s domain", req.Spec.Domain)))
		return
	}
	ctx.Send(pid, req)
}
