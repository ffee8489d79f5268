package freeze

import (
	"fmt"
	"slices"
)

// State is the freeze domain's state, as the Machine keeps it.
type State int

// The states. Freezing and Thawing last while a procedure's effects run;
// Unknown follows a crash in the middle of one: filesystems may be
// frozen, so it is treated as Frozen until a thaw succeeds.
const (
	Thawed State = iota
	Freezing
	Frozen
	Thawing
	Unknown
)

var stateNames = [...]string{"thawed", "freezing", "frozen", "thawing", "unknown"}

func (s State) String() string { return stateNames[s] }

// Cmd is an input that starts a procedure.
type Cmd struct {
	Kind   CmdKind
	Mounts []string // ListFreeze: the mount points to freeze
	Gen    uint64   // Timeout: the freeze the timer was armed for
}

// CmdKind names the procedures.
type CmdKind int

const (
	Freeze     CmdKind = iota // guest-fsfreeze-freeze
	ListFreeze                // guest-fsfreeze-freeze-list with mountpoints
	Thaw                      // guest-fsfreeze-thaw
	Timeout                   // the watchdog: no thaw came in time
	Exit                      // the agent is stopping
)

// EffectKind names the I/O a procedure asks for.
type EffectKind int

const (
	RunHook      EffectKind = iota + 1 // run the fsfreeze hook with Arg
	ListMounts                         // list the freezable mounts
	Mark                               // create the frozen marker
	FreezeMounts                       // freeze Mounts, in this order
	ThawMounts                         // FITHAW Mounts until each fails
	Unmark                             // remove the frozen marker
)

var effectNames = [...]string{"", "hook", "list", "mark", "freeze", "thaw", "unmark"}

// Effect is one piece of I/O for the actor to carry out.
type Effect struct {
	Kind   EffectKind
	Arg    string   // RunHook: "freeze" or "thaw"
	Mounts []string // FreezeMounts, ThawMounts
}

func (e Effect) String() string {
	switch e.Kind {
	case RunHook:
		return "hook " + e.Arg
	case FreezeMounts, ThawMounts:
		return fmt.Sprintf("%s %v", effectNames[e.Kind], e.Mounts)
	}
	return effectNames[e.Kind]
}

// Result is what an Effect's I/O gave.
type Result struct {
	Err    error
	Mounts []string // ListMounts: the freezable mounts, in mount order
	Count  int      // FreezeMounts, ThawMounts
}

// Outcome ends a procedure.
type Outcome struct {
	Count    int
	Err      error   // the procedure's error, for the reply
	Warnings []error // failures that did not change the answer
	Arm      uint64  // non-zero: start the watchdog for this generation
	Ignored  bool    // a stale timer or a thaw before exit with nothing frozen
}

// Next is the Machine's answer to an input: more I/O, or the end.
type Next struct {
	Effect *Effect
	Done   *Outcome
}

// phase is where a procedure stands: the effect it waits for.
type phase int

const (
	idle phase = iota
	hookFreeze
	listFreeze
	mark
	freezing
	listThaw
	thawing
	unmark
	hookThaw
)

// Machine is the freeze domain's state machine, after qemu-ga:
//
//	freeze: hook freeze -> list mounts -> mark -> freeze each, in reverse
//	        order -> Frozen; a failure after the hook runs the thaw path
//	        (FITHAW what was listed, unmark, hook thaw) and answers the
//	        error; freezing nothing also thaws and answers 0.
//	thaw:   list mounts -> FITHAW each -> unmark -> hook thaw -> Thawed;
//	        a filesystem that may still be frozen after its FITHAW keeps
//	        the marker: hook thaw -> Unknown, with the error.
//
// It is pure: inputs are Start (a command), Feed (an effect's result) and
// Crashed (an effect never came back); it answers with the next Effect or
// the Outcome. Transitions a correct caller cannot make panic.
type Machine struct {
	State State
	Gen   uint64 // counts the freezes; the watchdog's timers carry it

	phase  phase
	kind   CmdKind
	want   []string // ListFreeze's mount points
	mounts []string // the mounts listed for this procedure
	prev   State    // the state a failed thaw listing returns to
	count  int
	err    error
	warn   []error
	rearm  bool // a thaw got stuck: the watchdog must try again
}

// MayBeFrozen reports whether any filesystem may be frozen: the state
// the supervisor's freeze gate follows.
func (m *Machine) MayBeFrozen() bool { return m.State != Thawed }

// Busy reports whether a procedure is waiting for an effect.
func (m *Machine) Busy() bool { return m.phase != idle }

// Status is guest-fsfreeze-status's answer: qemu-ga knows only these two.
func (m *Machine) Status() string {
	if m.State == Thawed {
		return "thawed"
	}
	return "frozen"
}

// Recover starts the machine from what the disk says: marked means an
// agent died with filesystems frozen. It returns the watchdog generation
// to arm, or 0.
func (m *Machine) Recover(marked bool) uint64 {
	if !marked {
		return 0
	}
	m.State = Frozen
	m.Gen++
	return m.Gen
}

// Crashed handles an effect that never came back (the actor crashed
// while it ran): in the middle of a freeze or a thaw nothing is known,
// so the state becomes Unknown and a new watchdog generation is armed.
func (m *Machine) Crashed() uint64 {
	if m.phase == idle {
		return 0
	}
	m.phase = idle
	m.State = Unknown
	m.Gen++
	return m.Gen
}

// Start begins the procedure for c.
func (m *Machine) Start(c Cmd) Next {
	if m.phase != idle {
		panic(fmt.Sprintf("freeze machine: start %d while busy in phase %d", c.Kind, m.phase))
	}
	m.kind, m.count, m.err, m.warn, m.mounts, m.rearm = c.Kind, 0, nil, nil, nil, false
	switch c.Kind {
	case Freeze, ListFreeze:
		if m.State != Thawed {
			return done(Outcome{Err: fmt.Errorf("the filesystems are already frozen")})
		}
		m.want = c.Mounts
		m.State = Freezing
		return m.effect(hookFreeze, Effect{Kind: RunHook, Arg: "freeze"})
	case Timeout:
		if c.Gen != m.Gen || (m.State != Frozen && m.State != Unknown) {
			return done(Outcome{Ignored: true})
		}
	case Exit:
		if m.State == Thawed {
			return done(Outcome{Ignored: true})
		}
	}
	m.prev, m.State = m.State, Thawing
	return m.effect(listThaw, Effect{Kind: ListMounts})
}

// Feed hands the machine the result of the effect it asked for.
func (m *Machine) Feed(r Result) Next {
	switch m.phase {
	case hookFreeze:
		if r.Err != nil {
			m.State = Thawed
			return m.finish(r.Err)
		}
		return m.effect(listFreeze, Effect{Kind: ListMounts})
	case listFreeze:
		return m.listedForFreeze(r)
	case mark:
		if r.Err != nil {
			m.err = r.Err
			return m.effect(unmark, Effect{Kind: Unmark})
		}
		return m.effect(freezing, Effect{Kind: FreezeMounts, Mounts: m.targets()})
	case freezing:
		return m.froze(r)
	case listThaw:
		if r.Err != nil {
			m.State = m.prev
			return m.finish(r.Err)
		}
		m.mounts = r.Mounts
		return m.effect(thawing, Effect{Kind: ThawMounts, Mounts: m.mounts})
	case thawing:
		if m.kind != Freeze && m.kind != ListFreeze {
			m.count = r.Count
		}
		if r.Err != nil {
			return m.stuck(r.Err)
		}
		m.State = Thawed
		return m.effect(unmark, Effect{Kind: Unmark})
	case unmark:
		if r.Err != nil {
			m.warn = append(m.warn, r.Err)
		}
		m.State = Thawed
		return m.effect(hookThaw, Effect{Kind: RunHook, Arg: "thaw"})
	case hookThaw:
		return m.finish(r.Err)
	}
	panic(fmt.Sprintf("freeze machine: result %+v while idle", r))
}

func (m *Machine) listedForFreeze(r Result) Next {
	if r.Err == nil {
		r.Err = unknownMount(m.want, r.Mounts)
	}
	if r.Err != nil {
		m.err = r.Err // nothing frozen, no marker: only the hook to undo
		m.State = Thawed
		return m.effect(hookThaw, Effect{Kind: RunHook, Arg: "thaw"})
	}
	m.mounts = r.Mounts
	return m.effect(mark, Effect{Kind: Mark})
}

func (m *Machine) froze(r Result) Next {
	if r.Err == nil && r.Count > 0 {
		m.State = Frozen
		m.Gen++
		m.phase = idle
		return done(Outcome{Count: r.Count, Arm: m.Gen})
	}
	// qemu-ga: on an error, or with nothing frozen, thaw everything.
	m.err = r.Err
	return m.effect(thawing, Effect{Kind: ThawMounts, Mounts: m.mounts})
}

// stuck follows a thaw that left a filesystem that may still be frozen:
// the marker stays, the state is Unknown (the gate stays closed, status
// says frozen), the error is the answer (after a failed freeze, a
// warning) and a new watchdog generation will try the thaw again. The
// thaw hook still runs, as after any thaw, so applications resume.
func (m *Machine) stuck(err error) Next {
	if m.err == nil {
		m.err = err
	} else {
		m.warn = append(m.warn, err)
	}
	m.State = Unknown
	m.Gen++
	m.rearm = true
	return m.effect(hookThaw, Effect{Kind: RunHook, Arg: "thaw"})
}

// targets are the mounts to freeze: the chosen ones, last mounted first.
func (m *Machine) targets() []string {
	var out []string
	for _, p := range slices.Backward(m.mounts) {
		if m.kind == Freeze || slices.Contains(m.want, p) {
			out = append(out, p)
		}
	}
	return out
}

// finish ends the procedure. The first error is the answer; a thaw hook
// failing after a failed freeze only warns.
func (m *Machine) finish(err error) Next {
	m.phase = idle
	o := Outcome{Count: m.count, Err: m.err, Warnings: m.warn}
	switch {
	case o.Err == nil:
		o.Err = err
	case err != nil:
		o.Warnings = append(o.Warnings, err)
	}
	if o.Err != nil {
		o.Count = 0
		if (m.kind == Timeout || m.rearm) && m.State != Thawed {
			o.Arm = m.Gen // the watchdog could not thaw: try again later
		}
	}
	return done(o)
}

func (m *Machine) effect(p phase, e Effect) Next {
	m.phase = p
	return Next{Effect: &e}
}

func done(o Outcome) Next { return Next{Done: &o} }

// unknownMount refuses a freeze-list naming a mount point that is not a
// freezable filesystem (qemu-ga would silently skip it).
func unknownMount(want, mounts []string) error {
	for _, w := range want {
		if !slices.Contains(mounts, w) {
			return fmt.Errorf("no freezable filesystem is mounted at %s", w)
		}
	}
	return nil
}
