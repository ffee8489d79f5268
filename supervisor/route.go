package supervisor

import (
	"github.com/goqga/goqga/command"
)

// Router is the supervisor's pure routing state.
type Router struct {
	Registry *command.Registry
	Policy   Policy
	// Frozen closes the freeze gate; the freeze domain drives it.
	Frozen bool
}

// Route turns a framed message into a validated Request, or into the
// error Reply that answers it.
func (r *Router) Route(m *command.Message) (*command.Request, *command.Reply) {
	env, derr := command.Decode(m.Raw)
	req := &command.Request{Gen: m.Gen, Seq: m.Seq, ID: env.ID}
	if derr != nil {
		return nil, req.Fail(derr)
	}
	spec := r.Registry.Lookup(env.Execute)
	if spec == nil {
		return nil, req.Fail(command.NotFound(env.Execute))
	}
	if err := Admit(spec, r.Policy, r.Frozen); err != nil {
		return nil, req.Fail(err)
	}
	if err := command.Validate(spec, env.Args); err != nil {
		return nil, req.Fail(err)
	}
	req.Spec, req.Args = spec, env.Args
	return req, nil
}
