//go:build linux

package transport

import (
	"testing"

	"go.uber.org/zap"
)

// Input kept while the port still read as detached starts the next
// session, in order, and only once.
func TestEarlyInputStartsTheNextSession(t *testing.T) {
	p := &port{log: zap.NewNop()}
	p.keepEarlyLocked([]byte(`{"execute":"guest-sync-del`))
	p.keepEarlyLocked([]byte(`imited","arguments":{"id":1}}`))
	buf := make([]byte, 128)
	n := copy(buf, `{"execute":"guest-ping"}`)
	got := string(buf[:p.startLocked(buf, n)])
	want := `{"execute":"guest-sync-delimited","arguments":{"id":1}}{"execute":"guest-ping"}`
	if got != want {
		t.Fatalf("session starts with %q, want %q", got, want)
	}
	if !p.inSession {
		t.Fatal("session not marked")
	}
	if got := p.startLocked(buf, 0); got != 0 {
		t.Fatalf("early input served twice (%d bytes)", got)
	}
}

// A hang-up reported during a session makes what is still unread its
// leftovers; one reported after the session read the port empty does not.
func TestHangupDuringSessionMarksLeftovers(t *testing.T) {
	p := &port{log: zap.NewNop(), reattach: true}
	p.inSession = true
	p.noteDeviceLocked(1 << 4) // EPOLLHUP
	if !p.dirty {
		t.Fatal("hang-up during a session did not mark leftovers")
	}
	p.sessionEmptyLocked()
	p.inSession = true
	p.sessionEmptyLocked()     // the session's reader found the port empty first...
	p.noteDeviceLocked(1 << 4) // ...and the hang-up report came after
	if p.dirty {
		t.Fatal("a trailing hang-up report marked a new host's input as leftovers")
	}
}

func TestEarlyInputIsBounded(t *testing.T) {
	p := &port{log: zap.NewNop()}
	p.keepEarlyLocked(make([]byte, maxEarly))
	p.keepEarlyLocked([]byte("x"))
	if len(p.early) != maxEarly || p.discarded != 1 {
		t.Fatalf("kept %d, discarded %d", len(p.early), p.discarded)
	}
}
