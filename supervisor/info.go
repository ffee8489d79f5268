package supervisor

import "github.com/goqga/goqga/command"

// Domain is the name of the commands the supervisor answers itself.
const Domain = "supervisor"

// Specs declares the supervisor's own commands.
var Specs = []command.Spec{
	{Name: "guest-info", Domain: Domain, AllowedFrozen: true},
}

// Info is guest-info's return value.
type Info struct {
	Version  string        `json:"version"`
	Commands []CommandInfo `json:"supported_commands"`
}

// CommandInfo is one entry of guest-info's supported_commands.
type CommandInfo struct {
	Name            string `json:"name"`
	Enabled         bool   `json:"enabled"`
	SuccessResponse bool   `json:"success-response"`
}

// Info lists every registered command, with enabled reflecting the
// operator's lists and the freeze gate (closed when frozen is true).
func (r *Router) Info(version string, frozen bool) Info {
	specs := r.Registry.All()
	out := Info{Version: version, Commands: make([]CommandInfo, 0, len(specs))}
	for _, s := range specs {
		out.Commands = append(out.Commands, CommandInfo{
			Name:            s.Name,
			Enabled:         Admit(s, r.Policy, frozen) == nil,
			SuccessResponse: !s.NoSuccessResponse,
		})
	}
	return out
}
