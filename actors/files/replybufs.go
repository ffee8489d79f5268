package files

import (
	"sync"
	"time"
)

// replyBufs lends guest-file-read its reply-line buffer and takes it back
// once the channel has written the line (command.Reply.Written). A run of
// reads (Proxmox and libvirt read files in a loop of 1-4 MiB chunks) then
// builds every reply in the same memory instead of a fresh allocation
// that Go must zero and the OS must fault in, which with the collections
// it caused was 40% of the agent's time on 1 MiB reads.
//
// Invariants: one spare buffer at most, of at most maxSpare bytes, so
// 48 MiB reads are never held (peak RSS stays what it was); the spare is
// dropped once reads stop for idleDrop, so an idle agent does not sit on
// it. Reads run off the actor, in parallel with the channel returning a
// buffer: the mutex covers both.
type replyBufs struct {
	mu    sync.Mutex
	spare []byte
	timer *time.Timer
}

const (
	maxSpare = 8 << 20
	idleDrop = 2 * time.Second
)

// get returns a buffer of n bytes, not zeroed when it is the spare.
func (p *replyBufs) get(n int) []byte {
	if p != nil {
		p.mu.Lock()
		defer p.mu.Unlock()
		if cap(p.spare) >= n {
			b := p.spare[:n]
			p.spare = nil
			return b
		}
	}
	return make([]byte, n)
}

// put takes back a buffer nothing refers to any more.
func (p *replyBufs) put(b []byte) {
	if p == nil || cap(b) > maxSpare {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if cap(b) > cap(p.spare) {
		p.spare = b[:0]
	}
	if p.timer == nil {
		p.timer = time.AfterFunc(idleDrop, p.drop)
	} else {
		p.timer.Reset(idleDrop)
	}
}

func (p *replyBufs) drop() {
	p.mu.Lock()
	p.spare = nil
	p.mu.Unlock()
}
