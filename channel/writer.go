package channel

import (
	"io"
	"net"
	"runtime"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/os/transport"
)

// writer owns the write side of one session. The actor enqueues finished
// lines without blocking; the writer's goroutine writes everything queued
// in one vectored write, so pipelined replies leave in few syscalls.
type writer struct {
	conn   io.Writer
	faults *faults.Injector
	log    *zap.Logger

	mu      sync.Mutex
	cond    *sync.Cond
	queue   [][]byte
	written []func() // Written callbacks of the queued lines' replies
	writing bool
	closed  bool
	failed  bool

	// Set before loop starts: the reply budget the session's lines are
	// counted in (released as they leave or are dropped), the session,
	// and who is told of large replies. All may be nil.
	replies *Replies
	gen     uint64
	trim    *trimmer
}

// sent releases lines from the reply budget: written or dropped.
func (w *writer) sent(lines [][]byte) { w.release(cost(lines)) }

func (w *writer) release(n int) {
	if w.replies != nil {
		w.replies.sub(w.gen, n)
	}
}

func size(lines [][]byte) int {
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	return n
}

func newWriter(conn io.Writer, inj *faults.Injector, log *zap.Logger) *writer {
	w := &writer{conn: conn, faults: inj, log: log}
	w.cond = sync.NewCond(&w.mu)
	return w
}

// enqueue queues lines for writing; written (their replies' Written
// callbacks) are called once they have left or been dropped.
func (w *writer) enqueue(lines [][]byte, written []func()) {
	w.mu.Lock()
	if w.closed || w.failed {
		w.mu.Unlock()
		w.sent(lines)
		release(written)
		return
	}
	if len(w.queue) == 0 && !w.writing && len(lines) > 0 {
		all := cost(lines)
		lines = w.tryWrite(lines)
		w.release(all - cost(lines)) // the rest is counted as it is queued
	}
	if len(lines) == 0 && len(w.queue) == 0 {
		w.mu.Unlock()
		release(written) // all written, or nothing to write
		return
	}
	w.queue = append(w.queue, lines...)
	w.written = append(w.written, written...)
	w.mu.Unlock()
	w.cond.Signal()
}

// release calls Written callbacks: their lines have left or been dropped.
func release(written []func()) {
	for _, f := range written {
		f()
	}
}

// tryWrite is the fast path: with the writer idle (so no Write is under
// way), write what the connection takes right now without blocking and
// return the rest for the writer goroutine. A reply to a lone ping leaves
// without waking another goroutine. Injected write faults take the slow
// path, where they are applied.
func (w *writer) tryWrite(lines [][]byte) [][]byte {
	tw, ok := w.conn.(transport.TryWriter)
	if !ok || w.faults != nil {
		return lines
	}
	buf := lines[0]
	if len(lines) > 1 {
		if buf = join(lines, tryJoinMax); buf == nil {
			return lines
		}
	}
	n, err := tw.TryWrite(buf)
	switch {
	case err != nil:
		return lines // the writer meets the error again and reports it
	case n == len(buf):
		return nil
	}
	return [][]byte{buf[n:]}
}

// tryJoinMax is the most the fast path copies to send a batch in one
// write; larger batches go to the writer's vectored write.
const tryJoinMax = 64 << 10

// join concatenates lines, or returns nil if they exceed max bytes.
func join(lines [][]byte, max int) []byte {
	n := 0
	for _, l := range lines {
		if n += len(l); n > max {
			return nil
		}
	}
	buf := make([]byte, 0, n)
	for _, l := range lines {
		buf = append(buf, l...)
	}
	return buf
}

// take waits for queued lines and returns them with their Written
// callbacks; false when closed.
func (w *writer) take() ([][]byte, []func(), bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writing = false
	for len(w.queue) == 0 && !w.closed {
		w.cond.Broadcast() // wake drain waiters: the queue is empty
		w.cond.Wait()
	}
	if w.closed {
		return nil, nil, false
	}
	batch, written := w.queue, w.written
	w.queue, w.written = nil, nil
	w.writing = true
	return batch, written, true
}

func (w *writer) loop() {
	for {
		batch, written, ok := w.take()
		if !ok {
			return
		}
		n, c := size(batch), cost(batch)
		err := w.write(batch) // consumes batch: its lines are nil after
		w.release(c)
		release(written)
		if err != nil {
			w.log.Info("channel write failed; dropping this session's replies", zap.Error(err))
			w.mu.Lock()
			w.failed = true
			dropped := w.written
			w.queue, w.written = nil, nil
			w.mu.Unlock()
			release(dropped)
			if w.replies != nil {
				w.replies.end(w.gen) // wakes the reader: the session is over
			}
		}
		if n >= largeReply {
			collectAfterLarge()
		}
		w.trim.note(n)
	}
}

// largeReply is the size from which a written batch is collected at once.
const largeReply = 4 << 20

// collectAfterLarge runs the garbage collector after a large reply (a
// guest-file-read of megabytes) has left. Left to the pacer, a run of
// 48 MiB reads keeps two or three dead reply lines alive and the agent's
// peak RSS near three times a reply; collected here, the next read reuses
// the memory. The collection is cheap: the live heap is small and the big
// buffers hold no pointers.
func collectAfterLarge() { runtime.GC() }

func (w *writer) write(batch [][]byte) error {
	if f, ok := w.faults.Match("channel.write", ""); ok {
		switch f.Action {
		case faults.Drop:
			return nil
		case faults.Corrupt:
			batch = corrupt(batch)
		default:
			if err := w.faults.Apply(f); err != nil {
				return err
			}
		}
	}
	bufs := net.Buffers(batch)
	_, err := bufs.WriteTo(w.conn)
	return err
}

// corrupt damages the first line the way a flaky link might: one byte of
// its JSON flipped, its newline kept so framing on the host survives.
func corrupt(batch [][]byte) [][]byte {
	line := append([]byte(nil), batch[0]...)
	if len(line) > 2 {
		line[len(line)/2] ^= 0x20
	}
	out := append([][]byte{line}, batch[1:]...)
	return out
}

// drained waits until nothing is queued or being written, or timeout,
// or stop says to give up.
func (w *writer) drained(timeout time.Duration, stop func() bool) bool {
	deadline := time.Now().Add(timeout)
	w.mu.Lock()
	defer w.mu.Unlock()
	for (len(w.queue) > 0 || w.writing) && !w.failed && !w.closed {
		if time.Now().After(deadline) || stop() {
			return false
		}
		w.mu.Unlock()
		time.Sleep(2 * time.Millisecond)
		w.mu.Lock()
	}
	return true
}

func (w *writer) close() {
	w.mu.Lock()
	w.closed = true
	dropped, lines := w.written, w.queue
	w.queue, w.written = nil, nil
	w.mu.Unlock()
	w.cond.Broadcast()
	w.sent(lines)
	release(dropped)
}
