package supervisor

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/goqga/goqga/command"
)

// gateModel is the reference for freeze-safe concurrency: the real
// Dispatcher between a host that sends anything at any time and domains
// that answer in any interleaving. The freeze domain is modelled as
// qemu-ga's: it works through its requests in order; a freeze may freeze
// some filesystems and then succeed, fail (thawing all) or crash (leaving
// any of them frozen, its state unknown); a thaw may succeed or crash.
//
// The property: no filesystem is ever frozen, and no freeze ever starts,
// while a command that is not allowed while frozen runs; and the gate is
// closed whenever a filesystem may be frozen.
type gateModel struct {
	d        *Dispatcher
	seq      uint64
	answered map[uint64]bool    // every message gets exactly one answer
	running  []*command.Request // routed commands of other domains, running
	queue    []*command.Request // routed freeze-domain requests, in order; nil = watchdog
	fsFrozen bool               // ground truth: some filesystem is frozen
	unknown  bool               // the freeze domain's own state: may be frozen
	timer    *Timer             // the hold timer armed last
}

func (m *gateModel) apply(t *rapid.T, acts []Action) {
	for _, a := range acts {
		switch {
		case a.Reply != nil:
			m.answer(t, a.Reply.Seq)
		case a.Route != nil:
			m.answer(t, a.Route.Seq)
			m.routed(t, a.Route)
		case a.Arm != nil:
			m.timer = a.Arm
		}
	}
}

func (m *gateModel) answer(t *rapid.T, seq uint64) {
	if m.answered[seq] {
		t.Fatalf("message %d answered twice", seq)
	}
	m.answered[seq] = true
}

func (m *gateModel) routed(t *rapid.T, req *command.Request) {
	switch {
	case req.Spec.Domain == "freeze":
		m.queue = append(m.queue, req)
	case !req.Spec.AllowedFrozen:
		if m.fsFrozen || m.freezePending() {
			t.Fatalf("%s routed while frozen or freezing (%s)", req.Spec.Name, m.d)
		}
		m.running = append(m.running, req)
	default:
		m.apply(t, m.d.Done(&Done{Domain: req.Spec.Domain, Gen: req.Gen, Seq: req.Seq}))
	}
}

func (m *gateModel) freezePending() bool {
	for _, r := range m.queue {
		if r != nil && m.d.isFreeze(r.Spec) {
			return true
		}
	}
	return false
}

// send: the host writes any command.
func (m *gateModel) send(t *rapid.T) {
	name := rapid.SampledFrom([]string{"ping", "write", "info", "freeze", "list", "thaw", "status"}).Draw(t, "cmd")
	m.seq++
	m.apply(t, m.d.Message(msg(m.seq, name)))
}

// finishWrite: one running command of another domain answers.
func (m *gateModel) finishWrite(t *rapid.T) {
	if len(m.running) == 0 {
		t.Skip("nothing running")
	}
	i := rapid.IntRange(0, len(m.running)-1).Draw(t, "which")
	req := m.running[i]
	m.running = append(m.running[:i], m.running[i+1:]...)
	m.apply(t, m.d.Done(&Done{Domain: req.Spec.Domain, Gen: req.Gen, Seq: req.Seq}))
}

// freezeDomain: the freeze domain runs its next request to the end.
func (m *gateModel) freezeDomain(t *rapid.T) {
	if len(m.queue) == 0 {
		t.Skip("freeze domain idle")
	}
	req := m.queue[0]
	m.queue = m.queue[1:]
	outcome := rapid.SampledFrom([]string{"ok", "fail", "crash"}).Draw(t, "outcome")
	switch {
	case req != nil && m.d.isFreeze(req.Spec) && !m.unknown:
		if len(m.running) > 0 {
			t.Fatalf("freeze started while %d unsafe commands run", len(m.running))
		}
		m.fsFrozen = true // the freeze ioctls ran: frozen from here on, until undone
		switch outcome {
		case "ok":
			m.unknown = true
		case "fail":
			m.fsFrozen = false
		case "crash":
			m.unknown = true
			m.fsFrozen = rapid.Bool().Draw(t, "left frozen")
		}
	case req == nil || m.d.isThaw(req.Spec):
		if req == nil && !m.unknown {
			break // a watchdog tick after the thaw: ignored
		}
		if outcome == "crash" {
			m.unknown = true
			m.fsFrozen = m.fsFrozen && rapid.Bool().Draw(t, "still frozen")
		} else {
			m.unknown, m.fsFrozen = false, false
		}
	}
	frozen := m.unknown
	dn := &Done{Domain: "freeze", Frozen: &frozen, Internal: req == nil}
	if req != nil {
		dn.Gen, dn.Seq = req.Gen, req.Seq
	}
	m.apply(t, m.d.Done(dn))
}

// watchdog: the freeze domain's timer queues a thaw of its own.
func (m *gateModel) watchdog(t *rapid.T) {
	m.queue = append(m.queue, nil)
}

// expire: the last hold timer fires (maybe late).
func (m *gateModel) expire(t *rapid.T) {
	if m.timer == nil {
		t.Skip("no timer")
	}
	m.apply(t, m.d.Expired(m.timer.Gen))
}

func (m *gateModel) check(t *rapid.T) {
	if (m.fsFrozen || m.unknown || m.freezePending()) && !m.d.Closed() {
		t.Fatalf("gate open while filesystems may be frozen: frozen=%v unknown=%v %s", m.fsFrozen, m.unknown, m.d)
	}
	if m.fsFrozen && len(m.running) > 0 {
		t.Fatalf("filesystems frozen while %d unsafe commands run", len(m.running))
	}
}

func TestGateModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		startFrozen := rapid.Bool().Draw(t, "start frozen")
		m := &gateModel{d: newTestDispatcher(t, nil, startFrozen), answered: map[uint64]bool{},
			fsFrozen: startFrozen, unknown: startFrozen}
		t.Repeat(map[string]func(*rapid.T){
			"send":         m.send,
			"finishWrite":  m.finishWrite,
			"freezeDomain": m.freezeDomain,
			"watchdog":     m.watchdog,
			"expire":       m.expire,
			"":             m.check,
		})
		// Liveness: once the domains finish their work, every message has
		// its answer and nothing waits.
		for len(m.running) > 0 || len(m.queue) > 0 {
			if len(m.running) > 0 {
				m.finishWrite(t)
			} else {
				m.freezeDomain(t)
			}
			m.check(t)
		}
		if m.d.Held() != 0 || len(m.answered) != int(m.seq) {
			t.Fatalf("%d of %d messages answered, %s", len(m.answered), m.seq, m.d)
		}
	})
}
