package channel

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"
)

// gate is a connection whose writes wait until it is opened.
type gate struct {
	open chan struct{}
	err  error
}

func (g *gate) Write(p []byte) (int, error) {
	<-g.open
	return len(p), g.err
}

// A reply's Written runs only once its line has left, never while the
// write is under way: until then its Logic must not reuse the bytes.
func TestWrittenAfterTheWrite(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
	}{{"written", nil}, {"write failed", errors.New("broken pipe")}} {
		t.Run(c.name, func(t *testing.T) {
			g := &gate{open: make(chan struct{}), err: c.err}
			w := newWriter(g, nil, zap.NewNop())
			go w.loop()
			defer w.close()
			var calls atomic.Int32
			w.enqueue([][]byte{[]byte("a\n")}, []func(){func() { calls.Add(1) }})
			time.Sleep(50 * time.Millisecond)
			if calls.Load() != 0 {
				t.Fatal("Written ran while the line was still being written")
			}
			close(g.open)
			eventually(t, "Written ran after the write", func() bool { return calls.Load() != 0 })
		})
	}
}

// Lines dropped (the session closed, or already failed) release at once.
func TestWrittenWhenDropped(t *testing.T) {
	g := &gate{open: make(chan struct{})}
	w := newWriter(g, nil, zap.NewNop())
	go w.loop()
	var first, queued, late atomic.Int32
	w.enqueue([][]byte{[]byte("a\n")}, []func(){func() { first.Add(1) }})
	time.Sleep(20 * time.Millisecond) // the loop is now blocked writing "a"
	w.enqueue([][]byte{[]byte("b\n")}, []func(){func() { queued.Add(1) }})
	w.close()
	if queued.Load() != 1 {
		t.Fatal("a queued line dropped by close was not released")
	}
	w.enqueue([][]byte{[]byte("c\n")}, []func(){func() { late.Add(1) }})
	if late.Load() != 1 {
		t.Fatal("a line enqueued after close was not released")
	}
	close(g.open)
	eventually(t, "the line being written was released", func() bool { return first.Load() != 0 })
}

// eventually fails t unless cond holds within 5 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("not within 5 s: %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
