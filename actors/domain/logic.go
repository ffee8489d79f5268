package domain

import "github.com/goqga/goqga/command"

// Logic is one domain's behaviour. Handle and the Then continuations it
// returns run inside the actor, one at a time; Ops run elsewhere and must
// not touch the Logic's state.
type Logic interface {
	Handle(req *command.Request) Step
}

// LogicFunc adapts a function to Logic, for stateless domains.
type LogicFunc func(req *command.Request) Step

func (f LogicFunc) Handle(req *command.Request) Step { return f(req) }

// Step is what Logic decided to do with a request: answer now, or run Op
// off the actor and answer with Then once it returns.
type Step struct {
	Reply *command.Reply
	Op    func() (any, error)
	Then  func(res any, err error) *command.Reply
}

// Now answers at once.
func Now(r *command.Reply) Step { return Step{Reply: r} }

// Do runs op off the actor, then finishes with then inside the actor.
func Do(op func() (any, error), then func(any, error) *command.Reply) Step {
	return Step{Op: op, Then: then}
}
