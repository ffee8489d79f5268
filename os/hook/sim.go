package hook

import (
	"fmt"
	"strings"

	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/os/files"
	"github.com/goqga/goqga/os/sim"
)

// Sim is the fsfreeze hook of the simulated guest (--os sim): nothing is
// executed on the host. A run passes the fault point os.hook (so delay
// and hang simulate a slow hook), writes {"op":"hook","arg":..,"path":..}
// to the journal, and fails as the world's hook section says, with the
// real runner's error text.
type Sim struct {
	Path    string // -F; "" runs nothing, as with the real runner
	World   sim.Hook
	Journal *sim.Journal
	Faults  *faults.Injector
}

// Run implements the freeze domain's Hook.
func (s *Sim) Run(arg string) error {
	if s == nil || s.Path == "" {
		return nil
	}
	if err := s.Faults.Hit(pointHook, arg); err != nil {
		return fmt.Errorf("fsfreeze hook %s failed: %s", arg, files.Strerror(err))
	}
	f, failed := s.World.Fail[arg]
	entry := map[string]any{"op": "hook", "arg": arg, "path": s.Path}
	if failed {
		entry["status"] = f.Status
	}
	s.Journal.Record(entry)
	if !failed {
		return nil
	}
	out := strings.TrimSpace(f.Output)
	if out != "" {
		out = ": " + out
	}
	return fmt.Errorf("fsfreeze hook has failed with status %d%s", f.Status, out)
}
