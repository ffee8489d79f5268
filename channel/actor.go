package channel

import (
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	"github.com/goqga/goqga/channel/framer"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/os/transport"
)

// Config describes the channel.
type Config struct {
	Listener     transport.Listener
	Supervisor   *actor.PID // where framed messages go
	Limits       framer.Limits
	Faults       *faults.Injector
	Log          *zap.Logger
	MaxInflight  int           // messages and chunks in flight per session; 0 = 128
	ReadSize     int           // bytes per read; 0 = 256 KiB
	DrainTimeout time.Duration // how long replies are awaited after input ends; 0 = 10 s
	// MaxInflightBytes bounds the bytes of requests read and not yet
	// answered; 0 = DefaultMaxInflightBytes.
	MaxInflightBytes int
	// Replies bounds the reply bytes waiting for the host; Serve makes
	// one of DefaultMaxReplyBytes when nil. Share it with domains that
	// build large replies (Replies.WaitRoom).
	Replies *Replies
}

// DefaultMaxInflightBytes is the request byte budget when none is given.
const DefaultMaxInflightBytes = 16 << 20

func (c Config) withDefaults() Config {
	if c.MaxInflight == 0 {
		c.MaxInflight = 128
	}
	if c.MaxInflightBytes <= 0 {
		c.MaxInflightBytes = DefaultMaxInflightBytes
	}
	if c.Replies == nil {
		c.Replies = NewReplies(0)
	}
	if c.ReadSize == 0 {
		c.ReadSize = 256 << 10
	}
	if c.DrainTimeout == 0 {
		c.DrainTimeout = 10 * time.Second
	}
	if c.Log == nil {
		c.Log = zap.NewNop()
	}
	return c
}

// Props returns the channel actor's props.
func Props(cfg Config) *actor.Props {
	cfg = cfg.withDefaults()
	batch := &batcher{}
	return actor.PropsFromProducer(func() actor.Actor {
		return &channelActor{cfg: cfg, framer: framer.New(cfg.Limits), batch: batch}
	}, actor.WithMailbox(actor.Unbounded(batch)))
}

// channelActor holds one session's framing and ordering state.
type channelActor struct {
	cfg     Config
	framer  *framer.Framer
	gen     uint64 // the current session; 0 when none
	out     *writer
	credit  *credit
	order   *order
	seq     uint64 // the next sequence number to hand out
	flushes flushes
	batch   *batcher // lines waiting for the mailbox to drain
	replies *Replies // the session's reply bytes
	sizes   sizes    // the bytes of each message in flight, in order
	trim    *trimmer // told of large messages
}

func (a *channelActor) Receive(ctx actor.Context) {
	switch m := ctx.Message().(type) {
	case *chunk:
		a.frame(ctx, m)
	case *command.Reply:
		a.reply(m)
	case *sessionStarted:
		a.start(m)
	case *inputEnded:
		if m.gen == a.gen {
			a.framer.Reset() // a partial message dies with its session
		}
	case *sessionClosed:
		if m.gen == a.gen {
			a.flushes.release()
			a.gen, a.out, a.credit, a.order = 0, nil, nil, nil
		}
	case *Flush:
		a.flush(m)
	case *trimNow:
		a.framer.Trim()
	}
}

func (a *channelActor) start(m *sessionStarted) {
	a.flushes.release()
	a.framer.Reset()
	a.gen, a.out, a.credit, a.replies, a.trim = m.gen, m.out, m.credit, m.replies, m.trim
	a.order, a.seq = newOrder(), 0
	a.sizes = sizes{}
}

func (a *channelActor) frame(ctx actor.Context, c *chunk) {
	if c.bufs != nil {
		defer c.bufs.put(c.data) // the framer keeps no reference to it
	}
	if c.gen != a.gen {
		return
	}
	n, bytes := 0, 0
	a.framer.Push(c.data, func(ev framer.Event) {
		seq := a.seq
		a.seq++
		n++
		bytes += len(ev.Msg)
		a.sizes.push(len(ev.Msg))
		a.trim.note(len(ev.Msg))
		if ev.Err != "" {
			a.cfg.Log.Debug("bad message", zap.String("error", ev.Err))
			a.localReply(seq, command.ErrorLine(command.Errorf("%s", ev.Err), nil))
			return
		}
		ctx.Send(a.cfg.Supervisor, &command.Message{Gen: a.gen, Seq: seq, Raw: ev.Msg})
	})
	// The chunk is done; its messages are in flight.
	a.credit.add(n-1, bytes-len(c.data))
}

func (a *channelActor) localReply(seq uint64, line []byte) {
	a.reply(&command.Reply{Gen: a.gen, Seq: seq, Line: line})
}

func (a *channelActor) reply(r *command.Reply) {
	if r.Recycle != nil {
		a.framer.Recycle(r.Recycle)
	}
	if r.Gen != a.gen || a.order == nil {
		r.Release()
		return // the session it belonged to is gone: never deliver it late
	}
	next := a.order.next
	switch { // counted until written (writer.sent)
	case r.Seq < next || r.None: // a second answer, which order drops; no line
	case r.Seq == next:
		a.replies.addReady(a.gen, lineCost(r.Line))
	default:
		a.replies.addWaiting(a.gen, r.Seq, lineCost(r.Line))
	}
	lines, written, done := a.order.add(r)
	if done > 1 { // r released the replies that waited behind it
		a.replies.released(a.gen, next+1, next+uint64(done))
	}
	a.batch.add(a.out, lines, written)
	if done > 0 {
		a.credit.add(-done, -a.sizes.pop(done))
		a.releaseFlushes()
	}
}
