package channel

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	"github.com/goqga/goqga/command"
)

// slowConn is a host that reads slowly: each write takes a while, so a
// flush that did not wait for the writer would be seen early.
type slowConn struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (c *slowConn) Write(p []byte) (int, error) {
	time.Sleep(20 * time.Millisecond)
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.Write(p)
}

func (c *slowConn) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}

// session runs a channel actor with one session writing to conn; tests
// then talk to the actor as the supervisor and domains do.
type session struct {
	sys *actor.ActorSystem
	pid *actor.PID
	out *writer
}

func newSession(t *testing.T, conn *slowConn) *session {
	s := &session{sys: actor.NewActorSystem()}
	s.pid = s.sys.Root.Spawn(Props(Config{}))
	s.out = newWriter(conn, nil, zap.NewNop())
	go s.out.loop()
	s.send(&sessionStarted{gen: 1, out: s.out, credit: newCredit(100, 0), replies: NewReplies(0)})
	t.Cleanup(func() { s.out.close(); s.sys.Shutdown() })
	return s
}

func (s *session) send(m any) { s.sys.Root.Send(s.pid, m) }

func isClosed(ch chan struct{}, wait time.Duration) bool {
	select {
	case <-ch:
		return true
	case <-time.After(wait):
		return false
	}
}

// A flush completes only once every earlier reply is on the wire, however
// they arrive.
func TestFlushWaitsForEarlierReplies(t *testing.T) {
	conn := &slowConn{}
	s := newSession(t, conn)
	f := &Flush{Gen: 1, Seq: 2, Done: make(chan struct{})}
	s.send(f)
	s.send(&command.Reply{Gen: 1, Seq: 1, Line: []byte("b\n")})
	if isClosed(f.Done, 50*time.Millisecond) {
		t.Fatal("flushed while reply 0 was missing")
	}
	s.send(&command.Reply{Gen: 1, Seq: 0, Line: []byte("a\n")})
	if !isClosed(f.Done, 5*time.Second) {
		t.Fatal("never flushed")
	}
	if got := conn.String(); got != "a\nb\n" {
		t.Fatalf("written when flushed: %q", got)
	}
}

func TestFlushReleasedAtOnce(t *testing.T) {
	s := newSession(t, &slowConn{})
	tests := []struct {
		name string
		f    *Flush
	}{
		{"nothing before it", &Flush{Gen: 1, Seq: 0}},
		{"another session", &Flush{Gen: 7, Seq: 5}},
	}
	for _, tt := range tests {
		tt.f.Done = make(chan struct{})
		s.send(tt.f)
		if !isClosed(tt.f.Done, 5*time.Second) {
			t.Errorf("%s: not released", tt.name)
		}
	}
}

// Pending flushes end with their session, and the table is bounded.
func TestFlushSessionEndAndBound(t *testing.T) {
	s := newSession(t, &slowConn{})
	var pending []*Flush
	for i := 0; i < maxFlushes+1; i++ {
		f := &Flush{Gen: 1, Seq: 10, Done: make(chan struct{})}
		s.send(f)
		pending = append(pending, f)
	}
	if !isClosed(pending[maxFlushes].Done, time.Second) {
		t.Fatal("a flush beyond the bound was kept")
	}
	if isClosed(pending[0].Done, 20*time.Millisecond) {
		t.Fatal("released early")
	}
	s.send(&sessionClosed{gen: 1})
	for i, f := range pending[:maxFlushes] {
		if !isClosed(f.Done, time.Second) {
			t.Fatalf("flush %d outlived its session", i)
		}
	}
}

func TestFlusher(t *testing.T) {
	s := newSession(t, &slowConn{})
	flush := Flusher(s.sys.Root, s.pid, 100*time.Millisecond)
	start := time.Now()
	if flush(1, 1) {
		t.Fatal("flushed with reply 0 never sent")
	}
	if d := time.Since(start); d < 100*time.Millisecond || d > 2*time.Second {
		t.Fatalf("gave up after %v, want about 100ms", d)
	}
	s.send(&command.Reply{Gen: 1, Seq: 0, Line: []byte("a\n")})
	if !flush(1, 1) {
		t.Fatal("not flushed once reply 0 was written")
	}
}
