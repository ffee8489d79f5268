package supervisor

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"
)

// Backoff shapes restarts of a domain actor that keeps failing: the first
// Free failures within Window restart at once, later ones wait Initial,
// doubling up to Max.
type Backoff struct {
	Window  time.Duration
	Free    int
	Initial time.Duration
	Max     time.Duration
}

// DefaultBackoff restarts three crashes in ten seconds at once, then
// waits 100 ms, 200 ms, ... up to 5 s.
var DefaultBackoff = Backoff{Window: 10 * time.Second, Free: 3, Initial: 100 * time.Millisecond, Max: 5 * time.Second}

// Delay is the pure decision: how long to wait before the restart that
// follows the failures-th failure within the window.
func (b Backoff) Delay(failures int) time.Duration {
	if failures <= b.Free {
		return 0
	}
	d := b.Initial
	for i := b.Free + 1; i < failures && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// Strategy restarts a failed domain actor, always: a stopped domain actor
// would swallow requests silently, which a guest agent must never do. The
// request that crashed it has already been answered by the actor itself.
type Strategy struct {
	log     *zap.Logger
	backoff Backoff
}

// NewStrategy returns the supervisor's strategy for its children.
func NewStrategy(log *zap.Logger, b Backoff) *Strategy {
	if b == (Backoff{}) {
		b = DefaultBackoff
	}
	return &Strategy{log: log, backoff: b}
}

// HandleFailure implements actor.SupervisorStrategy.
func (s *Strategy) HandleFailure(_ *actor.ActorSystem, sup actor.Supervisor, child *actor.PID,
	rs *actor.RestartStatistics, reason any, _ any) {
	if rs.NumberOfFailures(s.backoff.Window) == 0 {
		rs.Reset()
	}
	rs.Fail()
	n := rs.FailureCount()
	delay := s.backoff.Delay(n)
	s.log.Error("domain actor failed; restarting",
		zap.String("actor", child.Id), zap.Any("reason", reason),
		zap.Int("failures", n), zap.Duration("delay", delay))
	if delay == 0 {
		sup.RestartChildren(child)
		return
	}
	time.AfterFunc(delay, func() { sup.RestartChildren(child) })
}
