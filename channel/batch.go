package channel

import "sync"

// batcher holds reply lines while the channel actor still has messages
// waiting and hands them to the writer when its mailbox runs dry: 16
// pipelined pings leave in one write instead of sixteen. It is the
// actor's mailbox middleware (protoactor calls MailboxEmpty after the
// last waiting message), so it may run beside the actor's next Receive
// and has its own lock.
type batcher struct {
	mu      sync.Mutex
	out     *writer
	lines   [][]byte
	written []func() // the lines' replies' Written callbacks
	size    int
}

// batchLimit is the size past which lines leave without waiting for the
// mailbox to drain, so a burst of large replies is not held in memory.
const batchLimit = 1 << 20

func (b *batcher) add(out *writer, lines [][]byte, written []func()) {
	b.mu.Lock()
	if b.out != out {
		b.flushLocked()
		b.out = out
	}
	b.lines = append(b.lines, lines...)
	b.written = append(b.written, written...)
	for _, l := range lines {
		b.size += len(l)
	}
	if b.size >= batchLimit {
		b.flushLocked()
	}
	b.mu.Unlock()
}

// flush hands everything held to the writer.
func (b *batcher) flush() {
	b.mu.Lock()
	b.flushLocked()
	b.mu.Unlock()
}

func (b *batcher) flushLocked() {
	switch {
	case b.out != nil && (len(b.lines) > 0 || len(b.written) > 0):
		b.out.enqueue(b.lines, b.written)
	default:
		release(b.written)
	}
	b.lines, b.written, b.size = nil, nil, 0
}

// The actor.MailboxMiddleware methods; only MailboxEmpty matters.

func (b *batcher) MailboxStarted()     {}
func (b *batcher) MessagePosted(any)   {}
func (b *batcher) MessageReceived(any) {}
func (b *batcher) MailboxEmpty()       { b.flush() }
