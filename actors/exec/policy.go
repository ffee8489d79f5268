package exec

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/goqga/goqga/os/process"
)

// Policy is the --exec-allow list: the programs guest-exec may run, as
// absolute paths with every symbolic link resolved.
type Policy struct {
	allowed []string // resolved, sorted
}

// NewPolicy resolves the configured programs once, at start-up: a
// program that does not exist then is an error, not a silent hole.
func NewPolicy(r process.Runner, programs []string) (*Policy, error) {
	if len(programs) == 0 {
		return nil, nil
	}
	p := &Policy{}
	for _, prog := range programs {
		if !filepath.IsAbs(prog) {
			return nil, fmt.Errorf("invalid --exec-allow %q (want an absolute path)", prog)
		}
		res, err := r.Resolve(process.Spec{Path: prog})
		if err != nil {
			return nil, fmt.Errorf("--exec-allow %s: %w", prog, err)
		}
		p.allowed = append(p.allowed, res)
	}
	slices.Sort(p.allowed)
	return p, nil
}

// PolicyError is a program the policy refuses.
type PolicyError struct {
	Path, Resolved string
}

func (e *PolicyError) Error() string {
	return fmt.Sprintf("guest-exec refused by policy: %q (resolved: %s) is not in the agent's --exec-allow list", e.Path, e.Resolved)
}

// check resolves path as the program would be found (PATH search,
// symbolic links) and returns the file to execute, or why not. Starting
// the resolved file, not path, means a link swapped after the check
// changes nothing.
func (p *Policy) check(r process.Runner, s process.Spec) (string, error) {
	res, err := r.Resolve(s)
	if err != nil {
		return "", &process.StartError{Path: s.Path, Err: err}
	}
	if _, ok := slices.BinarySearch(p.allowed, res); !ok {
		return "", &PolicyError{Path: s.Path, Resolved: res}
	}
	return res, nil
}
