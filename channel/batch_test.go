package channel

import (
	"bytes"
	"sync"
	"testing"

	"go.uber.org/zap"
)

// recorder is a connection that records each write call.
type recorder struct {
	mu     sync.Mutex
	writes [][]byte
}

func (r *recorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes = append(r.writes, append([]byte(nil), p...))
	return len(p), nil
}

func (r *recorder) calls() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]byte(nil), r.writes...)
}

// Lines added while the mailbox is busy leave together when it drains,
// in order; nothing leaves before.
func TestBatcherHoldsUntilMailboxEmpty(t *testing.T) {
	rec := &recorder{}
	w := newWriter(rec, nil, zap.NewNop())
	go w.loop()
	defer w.close()
	b := &batcher{}
	for i := 0; i < 16; i++ {
		b.add(w, [][]byte{[]byte{'a' + byte(i), '\n'}}, nil)
	}
	if !w.drained(0, never) || len(rec.calls()) != 0 {
		t.Fatalf("lines left before the mailbox drained: %q", rec.calls())
	}
	b.MailboxEmpty()
	w.drained(5e9, never)
	got := bytes.Join(rec.calls(), nil)
	if string(got) != "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\no\np\n" {
		t.Fatalf("wrote %q", got)
	}
}

// A batch past batchLimit leaves at once, so large replies are not held.
func TestBatcherFlushesLargeBatches(t *testing.T) {
	rec := &recorder{}
	w := newWriter(rec, nil, zap.NewNop())
	go w.loop()
	defer w.close()
	b := &batcher{}
	b.add(w, [][]byte{make([]byte, batchLimit)}, nil)
	w.drained(5e9, never)
	if n := len(bytes.Join(rec.calls(), nil)); n != batchLimit {
		t.Fatalf("wrote %d bytes before the mailbox drained, want %d", n, batchLimit)
	}
}
