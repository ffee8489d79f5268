package supervisor

import (
	"github.com/goqga/goqga/command"
)

// Policy is the operator's choice of commands (-a/--allow-rpcs,
// -b/--block-rpcs): with an allow list only its commands run; a blocked
// command never runs.
type Policy struct {
	allow map[string]bool
	block map[string]bool
}

// NewPolicy builds a policy from the two lists.
func NewPolicy(allow, block []string) Policy {
	return Policy{allow: set(allow), block: set(block)}
}

func set(names []string) map[string]bool {
	if len(names) == 0 {
		return nil
	}
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// Enabled reports whether the operator allows name.
func (p Policy) Enabled(name string) bool {
	if p.allow != nil && !p.allow[name] {
		return false
	}
	return !p.block[name]
}

// Unknown returns the names in the lists that reg does not know, so the
// agent can warn about typos at start-up.
func (p Policy) Unknown(reg *command.Registry) []string {
	var out []string
	for _, m := range []map[string]bool{p.allow, p.block} {
		for n := range m {
			if reg.Lookup(n) == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// Admit decides whether spec may run now. The freeze gate overrides the
// operator's lists: while filesystems are (or may be) frozen only the
// commands marked AllowedFrozen run, whatever -a says.
func Admit(spec *command.Spec, p Policy, frozen bool) *command.Error {
	if frozen && !spec.AllowedFrozen {
		return command.DisabledFrozen(spec.Name)
	}
	if !p.Enabled(spec.Name) {
		return command.Disabled(spec.Name)
	}
	return nil
}
