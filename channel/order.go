package channel

import "github.com/goqga/goqga/command"

// order puts replies back into request order. It is pure: the actor
// feeds it replies and writes what it returns.
type order struct {
	next    uint64 // the next sequence number to write
	pending map[uint64]*command.Reply
}

func newOrder() *order { return &order{pending: map[uint64]*command.Reply{}} }

// add records r and returns the lines now ready to write, in order, their
// replies' Written callbacks, and how many replies (including silent
// ones) they complete.
func (o *order) add(r *command.Reply) (lines [][]byte, written []func(), done int) {
	if r.Seq < o.next {
		r.Release()
		return nil, nil, 0 // a second answer to one request: never write it
	}
	o.pending[r.Seq] = r
	for {
		p, ok := o.pending[o.next]
		if !ok {
			return lines, written, done
		}
		delete(o.pending, o.next)
		o.next++
		done++
		if !p.None {
			lines = append(lines, p.Line)
		}
		if p.Written != nil {
			written = append(written, p.Written)
		}
	}
}

// waiting reports how many replies are held back behind a missing one.
func (o *order) waiting() int { return len(o.pending) }
