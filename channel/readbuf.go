package channel

// A large read is handed to the channel actor in the buffer it was read
// into, and the actor gives the buffer back once the framer has consumed
// it (the framer keeps no reference to what it was pushed), instead of
// the reader copying every byte into a fresh slice: a 4 MiB write is
// 5.6 MB of input, and that copy and its allocation were a fifth of the
// agent's time on writes. A small read (a ping) is still copied: its
// chunk then holds only its bytes while it waits in the mailbox, so the
// memory in flight stays in proportion to the input.
const handOverMin = 64 << 10

// readBufs is a small free list of read buffers between one session's
// reader and the channel actor. Both ends never block: an empty list
// means a fresh buffer, a full one means the buffer is dropped.
type readBufs struct {
	size int
	free chan []byte
}

func newReadBufs(size int) *readBufs {
	return &readBufs{size: size, free: make(chan []byte, 2)}
}

func (r *readBufs) get() []byte {
	select {
	case b := <-r.free:
		return b
	default:
		return make([]byte, r.size)
	}
}

// put returns b, once nothing refers to its bytes.
func (r *readBufs) put(b []byte) {
	if cap(b) != r.size {
		return
	}
	select {
	case r.free <- b[:r.size]:
	default:
	}
}
