package supervisor

import (
	"fmt"
	"slices"
	"time"

	"github.com/goqga/goqga/command"
)

// Gate names the commands that move the freeze gate.
type Gate struct {
	Domain string   // the freeze domain, whose Done reports carry Frozen
	Freeze []string // commands that freeze: routing one closes the gate
	Thaw   []string // commands that thaw: the gate opens on their report
	// Status is the freeze-status command. While a freeze or thaw of an
	// earlier session is still running (a freeze stuck in the kernel, a
	// hook that will not end), a later session's Status is answered
	// "frozen" by the Dispatcher instead of waiting behind it: a host that
	// timed out and reconnected learns the state at once.
	Status string
}

// Defaults for the Dispatcher's bounds.
const (
	// DefaultHoldLimit is how long a request may wait for the freeze
	// state to settle (a pending freeze or thaw, or commands that must end
	// before a freeze). It is generous: a thaw may run a hook for a minute.
	DefaultHoldLimit = 2 * time.Minute
	// DefaultMaxHeld bounds the requests waiting; more are refused.
	DefaultMaxHeld = 1024
)

// Action is one thing the Dispatcher asks its actor to do, in order.
type Action struct {
	Reply *command.Reply   // send to the channel
	Route *command.Request // send to the actor of Route.Spec.Domain
	Gate  *bool            // the gate just closed (true) or opened (false)
	Arm   *Timer           // wake the Dispatcher with Expired(Arm.Gen) after Arm.After
}

// Timer asks for a wake-up: the held request at the head has waited its
// limit. Gen tells a late timer from the current one.
type Timer struct {
	Gen   uint64
	After time.Duration
}

type key struct{ gen, seq uint64 }

func keyOf(gen, seq uint64) key { return key{gen, seq} }

// Dispatcher decides, message by message, what the supervisor does. It is
// pure: no actor, no clock, no I/O; the actor feeds it messages, Done
// reports and timer wake-ups and carries out the Actions it returns.
//
// The freeze gate is closed while filesystems may be frozen: from the
// moment a freeze is routed (not when it reports back) until the freeze
// domain reports thawed. While closed only AllowedFrozen commands run.
//
// To keep qemu-ga's one-command-at-a-time meaning without its slowness,
// a request whose fate depends on the gate (a command not allowed while
// frozen, or guest-info, which shows the gate) waits while a freeze or
// thaw is on its way, so a command written after a thaw runs after it;
// and a freeze waits until every running command that is not allowed
// while frozen has answered, so a guest-file-write never races a freeze.
// Once one request waits, later ones wait behind it, in order.
type Dispatcher struct {
	router  *Router
	version string
	gate    Gate

	frozen   bool         // the freeze domain's last report
	changing map[key]bool // routed freezes (true) and thaws (false) not yet Done
	unsafe   map[key]bool // routed commands not allowed while frozen, not yet Done
	held     []*command.Request
	holdGen  uint64 // bumped whenever the head of held changes
	armed    bool   // a timer runs for the current head

	HoldLimit time.Duration
	MaxHeld   int
}

// NewDispatcher returns a Dispatcher; frozen starts it with the gate
// closed (the agent found the frozen marker at start-up).
func NewDispatcher(r *Router, version string, g Gate, frozen bool) *Dispatcher {
	return &Dispatcher{
		router: r, version: version, gate: g, frozen: frozen,
		changing: map[key]bool{}, unsafe: map[key]bool{},
		HoldLimit: DefaultHoldLimit, MaxHeld: DefaultMaxHeld,
	}
}

// Closed reports whether the gate is closed: filesystems may be frozen,
// or a freeze has been routed and has not reported yet.
func (d *Dispatcher) Closed() bool {
	if d.frozen {
		return true
	}
	for _, freeze := range d.changing {
		if freeze {
			return true
		}
	}
	return false
}

// Running reports how many routed commands that are not allowed while
// frozen have not answered yet.
func (d *Dispatcher) Running() int { return len(d.unsafe) }

// Held reports how many requests wait.
func (d *Dispatcher) Held() int { return len(d.held) }

// Message handles one framed message from the channel.
func (d *Dispatcher) Message(m *command.Message) []Action {
	req, rep := d.router.Lookup(m)
	if rep != nil {
		return []Action{{Reply: rep}} // depends on nothing: answer at once
	}
	if d.staleChange(req) {
		return []Action{{Reply: req.Return("frozen")}}
	}
	if len(d.held) == 0 && !d.mustWait(req) {
		return d.decide(req)
	}
	if len(d.held) >= d.MaxHeld {
		return []Action{{Reply: req.Fail(command.Errorf(
			"%d requests are waiting for a freeze or thaw to finish; try again later", len(d.held)))}}
	}
	d.held = append(d.held, req)
	return d.drain()
}

// Done handles a domain's report that a request was answered.
func (d *Dispatcher) Done(dn *Done) []Action {
	was := d.Closed()
	if dn.Domain == d.gate.Domain && dn.Frozen != nil {
		d.frozen = *dn.Frozen
	}
	if !dn.Internal {
		k := keyOf(dn.Gen, dn.Seq)
		delete(d.changing, k)
		delete(d.unsafe, k)
	}
	acts := d.gateMoved(was)
	return append(acts, d.drain()...)
}

// Expired handles a hold timer. When the head request has waited its
// limit it is decided as things stand, on the safe side: a freeze that
// still has commands running before it fails; any other request meets
// the gate as it is (closed while a freeze is pending).
func (d *Dispatcher) Expired(gen uint64) []Action {
	if gen != d.holdGen || len(d.held) == 0 {
		return nil // late: the request it was for has moved on
	}
	req := d.pop()
	var acts []Action
	if d.isFreeze(req.Spec) && len(d.unsafe) > 0 {
		acts = append(acts, Action{Reply: req.Fail(command.Errorf(
			"cannot freeze: %d commands not allowed while frozen were still running after %v",
			len(d.unsafe), d.HoldLimit))})
	} else {
		acts = d.decide(req)
	}
	return append(acts, d.drain()...)
}

// staleChange reports whether req is the status command of a session
// later than a freeze or thaw still running: filesystems may be frozen
// until that one reports, whatever it will say. (A status of the same
// session keeps its turn behind the freeze, as qemu-ga's order has it.)
// The operator's lists still apply: a disabled status is refused as ever.
func (d *Dispatcher) staleChange(req *command.Request) bool {
	if d.gate.Status == "" || req.Spec.Name != d.gate.Status || !d.router.Policy.Enabled(req.Spec.Name) {
		return false
	}
	for k := range d.changing {
		if k.gen < req.Gen {
			return true
		}
	}
	return false
}

// mustWait reports whether req cannot be decided yet.
func (d *Dispatcher) mustWait(req *command.Request) bool {
	if len(d.changing) > 0 && gateDependent(req.Spec) {
		return true
	}
	return d.isFreeze(req.Spec) && len(d.unsafe) > 0
}

// gateDependent commands are answered differently with the gate open or
// closed: those refused while frozen, and guest-info, which shows it.
func gateDependent(s *command.Spec) bool { return !s.AllowedFrozen || s.Domain == Domain }

func (d *Dispatcher) isFreeze(s *command.Spec) bool {
	return s.Domain == d.gate.Domain && slices.Contains(d.gate.Freeze, s.Name)
}

func (d *Dispatcher) isThaw(s *command.Spec) bool {
	return s.Domain == d.gate.Domain && slices.Contains(d.gate.Thaw, s.Name)
}

// decide admits or refuses req with the gate as it is now.
func (d *Dispatcher) decide(req *command.Request) []Action {
	was := d.Closed()
	if rep := d.router.Decide(req, was); rep != nil {
		return []Action{{Reply: rep}}
	}
	if req.Spec.Domain == Domain {
		return []Action{{Reply: req.Return(d.router.Info(d.version, was))}}
	}
	k := keyOf(req.Gen, req.Seq)
	switch {
	case d.isFreeze(req.Spec):
		d.changing[k] = true
	case d.isThaw(req.Spec):
		d.changing[k] = false
	case !req.Spec.AllowedFrozen:
		d.unsafe[k] = true
	}
	// The gate closes before the freeze leaves: nothing routed after this
	// instant can race it.
	return append(d.gateMoved(was), Action{Route: req})
}

// drain decides waiting requests in order until one must wait again, and
// arms a timer for that one.
func (d *Dispatcher) drain() []Action {
	var acts []Action
	for len(d.held) > 0 {
		if d.mustWait(d.held[0]) {
			if !d.armed {
				d.armed = true
				acts = append(acts, Action{Arm: &Timer{Gen: d.holdGen, After: d.HoldLimit}})
			}
			break
		}
		acts = append(acts, d.decide(d.pop())...)
	}
	return acts
}

func (d *Dispatcher) pop() *command.Request {
	req := d.held[0]
	d.held[0] = nil
	d.held = d.held[1:]
	d.holdGen++
	d.armed = false
	return req
}

func (d *Dispatcher) gateMoved(was bool) []Action {
	now := d.Closed()
	if now == was {
		return nil
	}
	return []Action{{Gate: &now}}
}

// String renders the Dispatcher's state for tests and logs.
func (d *Dispatcher) String() string {
	return fmt.Sprintf("closed=%v frozen=%v changing=%d running=%d held=%d",
		d.Closed(), d.frozen, len(d.changing), len(d.unsafe), len(d.held))
}
