package freeze

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

var errIO = errors.New("failed to freeze /home: Input/output error")
var errThawIO = errors.New("failed to thaw /: Input/output error")

var mounts3 = []string{"/", "/boot", "/home"}

// res builds results tersely: ok(), mounts(...), count(n), fail(err).
func ok() Result                        { return Result{} }
func listed(m ...string) Result         { return Result{Mounts: m} }
func count(n int) Result                { return Result{Count: n} }
func fail(err error) Result             { return Result{Err: err} }
func countFail(n int, err error) Result { return Result{Count: n, Err: err} }

func (o Outcome) String() string {
	s := fmt.Sprintf("count=%d", o.Count)
	if o.Err != nil {
		s += " err=" + o.Err.Error()
	}
	for _, w := range o.Warnings {
		s += " warn=" + w.Error()
	}
	if o.Arm != 0 {
		s += fmt.Sprintf(" arm=%d", o.Arm)
	}
	if o.Ignored {
		s += " ignored"
	}
	return s
}

func TestMachine(t *testing.T) {
	cases := []struct {
		name    string
		state   State
		cmd     Cmd
		results []Result // fed in order, one per effect
		effects string   // the effects asked for, ";"-separated
		final   State
		outcome string
	}{
		{"freeze", Thawed, Cmd{Kind: Freeze},
			[]Result{ok(), listed(mounts3...), ok(), count(3)},
			"hook freeze;list;mark;freeze [/home /boot /]", Frozen, "count=3 arm=1"},
		{"freeze-list keeps mount order reversed", Thawed, Cmd{Kind: ListFreeze, Mounts: []string{"/", "/home"}},
			[]Result{ok(), listed(mounts3...), ok(), count(2)},
			"hook freeze;list;mark;freeze [/home /]", Frozen, "count=2 arm=1"},
		{"freeze-list of an unknown mount", Thawed, Cmd{Kind: ListFreeze, Mounts: []string{"/home", "/nope"}},
			[]Result{ok(), listed(mounts3...), ok()},
			"hook freeze;list;hook thaw", Thawed, "count=0 err=no freezable filesystem is mounted at /nope"},
		{"freeze-list of nothing freezes nothing", Thawed, Cmd{Kind: ListFreeze, Mounts: []string{}},
			[]Result{ok(), listed(mounts3...), ok(), count(0), count(0), ok(), ok()},
			"hook freeze;list;mark;freeze [];thaw [/ /boot /home];unmark;hook thaw", Thawed, "count=0"},
		{"hook refuses", Thawed, Cmd{Kind: Freeze},
			[]Result{fail(errors.New("fsfreeze hook has failed with status 1: busy"))},
			"hook freeze", Thawed, "count=0 err=fsfreeze hook has failed with status 1: busy"},
		{"mounts unreadable", Thawed, Cmd{Kind: Freeze},
			[]Result{ok(), fail(errors.New("no mountinfo")), ok()},
			"hook freeze;list;hook thaw", Thawed, "count=0 err=no mountinfo"},
		{"marker cannot be created", Thawed, Cmd{Kind: Freeze},
			[]Result{ok(), listed(mounts3...), fail(errors.New("read-only")), ok(), ok()},
			"hook freeze;list;mark;unmark;hook thaw", Thawed, "count=0 err=read-only"},
		{"a freeze failure thaws everything", Thawed, Cmd{Kind: Freeze},
			[]Result{ok(), listed(mounts3...), ok(), countFail(1, errIO), count(1), ok(), fail(errors.New("hook thaw failed"))},
			"hook freeze;list;mark;freeze [/home /boot /];thaw [/ /boot /home];unmark;hook thaw", Thawed,
			"count=0 err=failed to freeze /home: Input/output error warn=hook thaw failed"},
		{"freezing nothing thaws and answers 0", Thawed, Cmd{Kind: Freeze},
			[]Result{ok(), listed(), ok(), count(0), count(0), ok(), ok()},
			"hook freeze;list;mark;freeze [];thaw [];unmark;hook thaw", Thawed, "count=0"},
		{"freeze while frozen", Frozen, Cmd{Kind: Freeze}, nil, "", Frozen,
			"count=0 err=the filesystems are already frozen"},
		{"thaw", Frozen, Cmd{Kind: Thaw},
			[]Result{listed(mounts3...), count(3), ok(), ok()},
			"list;thaw [/ /boot /home];unmark;hook thaw", Thawed, "count=3"},
		{"a thaw that may leave a filesystem frozen keeps the marker and rearms", Frozen, Cmd{Kind: Thaw},
			[]Result{listed(mounts3...), countFail(2, errThawIO), ok()},
			"list;thaw [/ /boot /home];hook thaw", Unknown, "count=0 err=failed to thaw /: Input/output error arm=2"},
		{"a failed freeze whose thaw gets stuck stays unknown", Thawed, Cmd{Kind: Freeze},
			[]Result{ok(), listed(mounts3...), ok(), countFail(1, errIO), countFail(0, errThawIO), ok()},
			"hook freeze;list;mark;freeze [/home /boot /];thaw [/ /boot /home];hook thaw", Unknown,
			"count=0 err=failed to freeze /home: Input/output error warn=failed to thaw /: Input/output error arm=1"},
		{"thaw when thawed", Thawed, Cmd{Kind: Thaw},
			[]Result{listed(mounts3...), count(0), ok(), ok()},
			"list;thaw [/ /boot /home];unmark;hook thaw", Thawed, "count=0"},
		{"thaw after a crash", Unknown, Cmd{Kind: Thaw},
			[]Result{listed(mounts3...), count(2), ok(), ok()},
			"list;thaw [/ /boot /home];unmark;hook thaw", Thawed, "count=2"},
		{"thaw cannot list mounts", Frozen, Cmd{Kind: Thaw},
			[]Result{fail(errors.New("no mountinfo"))},
			"list", Frozen, "count=0 err=no mountinfo"},
		{"thaw hook fails after the thaw", Frozen, Cmd{Kind: Thaw},
			[]Result{listed(mounts3...), count(3), fail(errors.New("cannot remove marker")), fail(errors.New("hook failed"))},
			"list;thaw [/ /boot /home];unmark;hook thaw", Thawed, "count=0 err=hook failed warn=cannot remove marker"},
		{"watchdog", Frozen, Cmd{Kind: Timeout, Gen: 1},
			[]Result{listed(mounts3...), count(3), ok(), ok()},
			"list;thaw [/ /boot /home];unmark;hook thaw", Thawed, "count=3"},
		{"watchdog cannot list mounts: rearm", Frozen, Cmd{Kind: Timeout, Gen: 1},
			[]Result{fail(errors.New("no mountinfo"))},
			"list", Frozen, "count=0 err=no mountinfo arm=1"},
		{"late watchdog of an older freeze", Frozen, Cmd{Kind: Timeout, Gen: 0}, nil, "", Frozen, "count=0 ignored"},
		{"watchdog after the thaw", Thawed, Cmd{Kind: Timeout, Gen: 1}, nil, "", Thawed, "count=0 ignored"},
		{"exit while frozen thaws", Unknown, Cmd{Kind: Exit},
			[]Result{listed(mounts3...), count(1), ok(), ok()},
			"list;thaw [/ /boot /home];unmark;hook thaw", Thawed, "count=1"},
		{"exit while thawed does nothing", Thawed, Cmd{Kind: Exit}, nil, "", Thawed, "count=0 ignored"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := &Machine{State: c.state}
			if c.state != Thawed {
				m.Gen = 1
			}
			next := m.Start(c.cmd)
			var effects []string
			for _, r := range c.results {
				if next.Effect == nil {
					t.Fatalf("done after %q, results left", effects)
				}
				if !m.MayBeFrozen() {
					if next.Effect.Kind == FreezeMounts || next.Effect.Kind == Mark {
						t.Fatalf("%s asked for while the machine says thawed", next.Effect)
					}
				}
				effects = append(effects, next.Effect.String())
				next = m.Feed(r)
			}
			if next.Done == nil {
				t.Fatalf("effects %q, then still waiting for %v", effects, next.Effect)
			}
			if got := strings.Join(effects, ";"); got != c.effects {
				t.Errorf("effects\n got %s\nwant %s", got, c.effects)
			}
			if m.State != c.final || next.Done.String() != c.outcome || m.Busy() {
				t.Errorf("ended %s busy=%v with %s; want %s with %s", m.State, m.Busy(), next.Done, c.final, c.outcome)
			}
		})
	}
}

func TestMachineCrashAndRecover(t *testing.T) {
	m := &Machine{}
	if gen := m.Recover(false); gen != 0 || m.State != Thawed {
		t.Fatalf("Recover(false) = %d, %s", gen, m.State)
	}
	if gen := m.Crashed(); gen != 0 || m.State != Thawed {
		t.Fatalf("Crashed while idle = %d, %s", gen, m.State)
	}
	m.Start(Cmd{Kind: Freeze})
	m.Feed(ok())
	m.Feed(listed(mounts3...))
	m.Feed(ok()) // the mounts are being frozen when the actor dies
	if !m.MayBeFrozen() {
		t.Fatal("mid-freeze must count as maybe frozen")
	}
	if gen := m.Crashed(); gen != 1 || m.State != Unknown || m.Status() != "frozen" || m.Busy() {
		t.Fatalf("Crashed mid-freeze = %d, %s, %s", gen, m.State, m.Status())
	}
	if n := m.Start(Cmd{Kind: Freeze}); n.Done == nil || n.Done.Err == nil {
		t.Fatal("freeze accepted in Unknown")
	}
	if n := m.Start(Cmd{Kind: Timeout, Gen: 1}); n.Effect == nil || n.Effect.Kind != ListMounts {
		t.Fatalf("watchdog after a crash: %+v", n)
	}
	m2 := &Machine{}
	if gen := m2.Recover(true); gen != 1 || m2.State != Frozen || m2.Status() != "frozen" {
		t.Fatalf("Recover(true) = %d, %s", gen, m2.State)
	}
}

func TestMachinePanicsOnMisuse(t *testing.T) {
	for name, f := range map[string]func(m *Machine){
		"feed while idle":  func(m *Machine) { m.Feed(ok()) },
		"start while busy": func(m *Machine) { m.Start(Cmd{Kind: Thaw}); m.Start(Cmd{Kind: Thaw}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", name)
				}
			}()
			f(&Machine{})
		}()
	}
}
