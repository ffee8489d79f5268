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
	if got := p.startLocked(buf, 0); got != 0 {
		t.Fatalf("early input served twice (%d bytes)", got)
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
