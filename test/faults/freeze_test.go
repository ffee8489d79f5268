package faults

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/goqga/goqga/client"
	osfreeze "github.com/goqga/goqga/os/freeze"
)

// The freeze domain's points, each counted so that the guest can be
// thawed in the end. The hook points need a hook: -F/bin/true.
var freezeSpecs = []string{
	"os.mountinfo=error(EIO)*3", "os.mountinfo=panic*1",
	"os.freeze@/boot=error(EIO)*3", "os.freeze@/home=panic*1", "os.freeze=delay(5ms)",
	"os.thaw@/=error(EIO)*3", "os.thaw@/boot=panic*1",
	"os.mark=error(EIO)*2", "os.mark=panic*1",
	"os.unmark=error(EIO)*2", "os.unmark=panic*1",
	"os.hook@freeze=error(EIO)*2", "os.hook@thaw=error(EIO)*2", "os.hook=panic*1",
	"actor.freeze@guest-fsfreeze-thaw=panic*1", "actor.freeze@guest-fsfreeze-freeze=error(EIO)*2",
}

// probe is a command the gate refuses while filesystems may be frozen.
const probe = "guest-network-get-interfaces"

const frozenRefusal = "CommandNotFound: Command " + probe + " has been disabled: the agent is in frozen state"

// TestFreezeGate freezes and thaws under each fault and checks, after
// every reply, against the simulated kernel's own record (the journal):
// while any filesystem is frozen, the marker is on disk, the status says
// frozen, and the gate refuses the probe. Once the faults are spent, a
// thaw brings everything back.
func TestFreezeGate(t *testing.T) {
	for _, spec := range freezeSpecs {
		t.Run(spec, func(t *testing.T) {
			t.Parallel()
			f := start(t, "--faults", spec, "--fsfreeze-hook=/bin/true")
			base := f.usage()
			for range 4 {
				for _, cmd := range []string{"guest-fsfreeze-status", "guest-fsfreeze-freeze", probe,
					"guest-fsfreeze-status", "guest-fsfreeze-thaw", probe, "guest-fsfreeze-status"} {
					f.checkGate(cmd, f.call(cmd, nil))
				}
			}
			f.recover()
			f.settled(base, 2)
		})
	}
}

// frozen lists the mounts the simulated kernel has frozen.
func (f *fixture) frozen() []string {
	f.t.Helper()
	m, err := osfreeze.ReplayJournal(f.a.Journal)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for p := range m {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func (f *fixture) marked() bool {
	_, err := os.Stat(filepath.Join(f.a.State, osfreeze.MarkerName))
	return err == nil
}

// checkGate checks the invariants after cmd answered r.
func (f *fixture) checkGate(cmd string, r *client.Reply) {
	f.t.Helper()
	frozen := f.frozen()
	if len(frozen) == 0 {
		return
	}
	if !f.marked() {
		f.t.Errorf("after %s: %v frozen but no marker on disk (a restart would not know)", cmd, frozen)
	}
	switch got := errText(r); cmd {
	case probe:
		if got != frozenRefusal {
			f.t.Errorf("the gate let %s through with %v frozen: %q", probe, frozen, got)
		}
	case "guest-fsfreeze-status":
		if got != "" || !strings.Contains(string(r.Return), "frozen") {
			f.t.Errorf("status with %v frozen: %q %s", frozen, got, r.Raw)
		}
	}
}

// recover thaws once the faults are spent and checks that the guest and
// the agent are back: nothing frozen, no marker, status thawed, the gate
// open.
func (f *fixture) recover() {
	f.t.Helper()
	if r := f.call("guest-fsfreeze-thaw", nil); errText(r) != "" {
		f.t.Errorf("the final thaw: %q", errText(r))
	}
	if fr := f.frozen(); len(fr) > 0 || f.marked() {
		f.t.Errorf("after the final thaw: %v frozen, marker %v", fr, f.marked())
	}
	if r := f.call("guest-fsfreeze-status", nil); string(r.Return) != `"thawed"` {
		f.t.Errorf("final status %s", r.Raw)
	}
	if r := f.call(probe, nil); errText(r) != "" {
		f.t.Errorf("the gate is still closed: %q", errText(r))
	}
}
