package channel

import (
	"errors"
	"sync/atomic"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/os/transport"
)

// Messages from the edge goroutines to the channel actor.
type (
	sessionStarted struct {
		gen     uint64
		out     *writer
		credit  *credit
		replies *Replies
		trim    *trimmer
	}
	chunk struct {
		gen  uint64
		data []byte
		bufs *readBufs // where data goes back once framed; nil: a copy
	}
	inputEnded    struct{ gen uint64 }
	sessionClosed struct{ gen uint64 }
)

var lastGen atomic.Uint64

// Serve accepts sessions from cfg.Listener one at a time and feeds the
// channel actor at pid until the listener is closed.
func Serve(sys *actor.ActorSystem, pid *actor.PID, cfg Config) error {
	cfg = cfg.withDefaults()
	trim := newTrimmer(func() {
		sys.Root.Send(pid, &trimNow{})
		freeOSMemory()
	})
	for {
		conn, err := cfg.Listener.Accept()
		if errors.Is(err, transport.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		cfg.Log.Debug("session started", zap.Stringer("conn", conn))
		serveOne(sys, pid, cfg, conn, trim)
		cfg.Log.Debug("session ended", zap.Stringer("conn", conn))
	}
}

func serveOne(sys *actor.ActorSystem, pid *actor.PID, cfg Config, conn transport.Conn, trim *trimmer) {
	gen := lastGen.Add(1)
	w := newWriter(conn, cfg.Faults, cfg.Log)
	w.replies, w.gen, w.trim = cfg.Replies, gen, trim
	cr := newCredit(cfg.MaxInflight, cfg.MaxInflightBytes)
	cfg.Replies.begin(gen)
	go w.loop()
	sys.Root.Send(pid, &sessionStarted{gen: gen, out: w, credit: cr, replies: cfg.Replies, trim: trim})
	readLoop(sys, pid, cfg, conn, gen, cr)
	sys.Root.Send(pid, &inputEnded{gen: gen})
	// Answer what the host already asked before letting go of it, unless
	// it is gone or another host is waiting to be served.
	deadline := time.Now().Add(cfg.DrainTimeout)
	stop := drainStop(conn, cfg.Listener)
	if cr.waitIdle(deadline, stop) {
		w.drained(time.Until(deadline), stop)
	}
	sys.Root.Send(pid, &sessionClosed{gen: gen})
	w.close()
	cr.close()
	cfg.Replies.end(gen)
	_ = conn.Close()
}

// readLoop reads until the session's input ends. It reads into a reused
// buffer and hands the actor a copy of just the bytes read: a fresh
// 256 KiB buffer per read would cost more in zeroing and garbage
// collection than the whole request (a 24-byte ping). A large read is
// handed over in its buffer instead (see readbuf.go).
func readLoop(sys *actor.ActorSystem, pid *actor.PID, cfg Config, conn transport.Conn, gen uint64, cr *credit) {
	bufs := newReadBufs(cfg.ReadSize)
	buf := bufs.get()
	gone := peerGone(conn)
	for cr.acquire() {
		// Replies the host has not read stop the input, as in qemu-ga;
		// a host that leaves meanwhile ends the session.
		if !cfg.Replies.waitRoom(gen, gone) {
			cr.add(-1, 0)
			return
		}
		if err := readFault(cfg.Faults); err != nil {
			cr.add(-1, 0)
			cfg.Log.Info("channel read failed (injected)", zap.Error(err))
			return
		}
		n, err := conn.Read(buf)
		if n > 0 {
			cr.add(0, n) // until framed: then its messages' bytes
		}
		switch {
		case n >= handOverMin:
			sys.Root.Send(pid, &chunk{gen: gen, data: buf[:n], bufs: bufs})
			buf = bufs.get()
		case n > 0:
			sys.Root.Send(pid, &chunk{gen: gen, data: append([]byte(nil), buf[:n]...)})
		default:
			cr.add(-1, 0)
		}
		if err != nil {
			return
		}
	}
}

func readFault(inj *faults.Injector) error {
	if f, ok := inj.Match("channel.read", ""); ok {
		return inj.Apply(f)
	}
	return nil
}

// drainStop tells when to stop delivering a finished session's owed
// replies: its host is gone, or a next one waits to be accepted (a host
// that half-closed and does not read would otherwise hold it off for the
// whole DrainTimeout).
func drainStop(conn transport.Conn, lis transport.Listener) func() bool {
	gone := peerGone(conn)
	bw, ok := lis.(transport.BacklogWatcher)
	if !ok {
		return gone
	}
	return func() bool { return gone() || bw.Waiting() }
}

// peerGone tells whether replies can still reach conn's peer; a
// transport that cannot tell is assumed to be listening.
func peerGone(conn transport.Conn) func() bool {
	if pw, ok := conn.(transport.PeerWatcher); ok {
		return pw.PeerGone
	}
	return func() bool { return false }
}
