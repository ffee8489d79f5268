package command

import "fmt"

// Registry is the immutable table of every command the agent knows.
type Registry struct {
	specs  []*Spec
	byName map[string]*Spec
}

// NewRegistry builds a registry from domain tables; a duplicate name is a
// programming error reported at start-up.
func NewRegistry(tables ...[]Spec) (*Registry, error) {
	r := &Registry{byName: map[string]*Spec{}}
	for _, t := range tables {
		for i := range t {
			s := &t[i]
			if _, dup := r.byName[s.Name]; dup {
				return nil, fmt.Errorf("command %s registered twice", s.Name)
			}
			r.byName[s.Name] = s
			r.specs = append(r.specs, s)
		}
	}
	return r, nil
}

// Lookup returns the spec for name, or nil.
func (r *Registry) Lookup(name string) *Spec { return r.byName[name] }

// All returns every spec in registration order; callers must not modify it.
func (r *Registry) All() []*Spec { return r.specs }
