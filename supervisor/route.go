package supervisor

import (
	"github.com/goqga/goqga/command"
)

// Router is the supervisor's pure routing: the command table and the
// operator's policy. The freeze gate's state is an argument: the
// Dispatcher owns it.
type Router struct {
	Registry *command.Registry
	Policy   Policy
}

// Lookup decodes a framed message and finds its command. The Request it
// returns carries Spec and the raw Args, not yet admitted nor validated;
// an undecodable message or unknown command gets its error Reply.
func (r *Router) Lookup(m *command.Message) (*command.Request, *command.Reply) {
	env, derr := command.Decode(m.Raw)
	req := &command.Request{Gen: m.Gen, Seq: m.Seq, ID: env.ID, Raw: m.Raw}
	if derr != nil {
		return nil, req.Fail(derr)
	}
	spec := r.Registry.Lookup(env.Execute)
	if spec == nil {
		return nil, req.Fail(command.NotFound(env.Execute))
	}
	req.Spec, req.Args, req.ArgMembers = spec, env.Args, env.ArgMembers
	return req, nil
}

// Decide admits a looked-up request (policy and freeze gate, in qemu-ga's
// order: a disabled command is reported before its arguments are looked
// at) and validates its arguments. It returns nil when the request may run.
func (r *Router) Decide(req *command.Request, frozen bool) *command.Reply {
	if err := Admit(req.Spec, r.Policy, frozen); err != nil {
		return req.Fail(err)
	}
	if err := command.ValidateSplit(req.Spec, req.Args, req.ArgMembers); err != nil {
		return req.Fail(err)
	}
	return nil
}

// Route is Lookup then Decide: a validated Request, or the error Reply
// that answers the message.
func (r *Router) Route(m *command.Message, frozen bool) (*command.Request, *command.Reply) {
	req, rep := r.Lookup(m)
	if rep != nil {
		return nil, rep
	}
	if rep := r.Decide(req, frozen); rep != nil {
		return nil, rep
	}
	return req, nil
}
