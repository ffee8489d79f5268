package domain

import "github.com/goqga/goqga/command"

// Logic is one domain's behaviour. Handle and the Then/Next continuations
// it returns run inside the actor, one at a time; Ops run elsewhere and
// must not touch the Logic's state.
type Logic interface {
	Handle(req *command.Request) Step
}

// LogicFunc adapts a function to Logic, for stateless domains.
type LogicFunc func(req *command.Request) Step

func (f LogicFunc) Handle(req *command.Request) Step { return f(req) }

// Step is what Logic decided to do with a request: answer now, or run Op
// off the actor and then either answer with Then or continue with the
// Step Next returns (more I/O for the same request).
type Step struct {
	Reply *command.Reply
	Op    func() (any, error)
	Then  func(res any, err error) *command.Reply
	Next  func(res any, err error) Step
}

// Now answers at once.
func Now(r *command.Reply) Step { return Step{Reply: r} }

// Do runs op off the actor, then finishes with then inside the actor.
func Do(op func() (any, error), then func(any, error) *command.Reply) Step {
	return Step{Op: op, Then: then}
}

// Read runs op off the actor and answers req with what it returns, or
// with its error: the whole of a read-only command's Step.
func Read(req *command.Request, op func() (any, error)) Step {
	return Do(op, func(res any, err error) *command.Reply {
		if err != nil {
			return req.Fail(err)
		}
		return req.Return(res)
	})
}

// Chain runs op off the actor, then continues inside the actor with the
// Step next returns: a request that needs several OS calls, each decided
// from the last one's result (a freeze: hook, mounts, marker, the freeze ioctls),
// stays one request of the lane from start to finish.
func Chain(op func() (any, error), next func(any, error) Step) Step {
	return Step{Op: op, Next: next}
}

// next returns the continuation of a Step with an Op.
func (s Step) next() func(any, error) Step {
	if s.Next != nil {
		return s.Next
	}
	then := s.Then
	return func(res any, err error) Step { return Now(then(res, err)) }
}

// Starter is a Logic that wants to know when its actor starts (the first
// time and after every restart). post hands the actor work of the Logic's
// own making, such as a timer firing; it is safe to call from any
// goroutine, at any time later.
type Starter interface {
	Started(post func(*Internal))
}

// Internal is work a Logic gives itself: Req (whose Spec is the Logic's
// own, never in the registry) waits its turn in the lane like a host
// request and is handled by Handle; its Reply goes to Done (if set), never
// to the host.
type Internal struct {
	Req  *command.Request
	Done func(*command.Reply) // called inside the actor; must not block
}

// FreezeReporter is a Logic whose state decides the supervisor's freeze
// gate: after every request, its Done report says whether filesystems
// may be frozen.
type FreezeReporter interface {
	MayBeFrozen() bool
}
