package process

import (
	"os"

	osfiles "github.com/goqga/goqga/os/files"
)

func strerror(err error) string { return osfiles.Strerror(err) }

// Buffer keeps the first Max bytes written to it and counts the rest, so
// a program's output costs at most Max bytes however much it writes.
// It is not safe for concurrent use: one reader goroutine owns it until
// Wait hands it over.
type Buffer struct {
	Max     int
	data    []byte
	dropped int64
}

// Write keeps what fits and drops the rest; it never fails, so the
// writer (a pipe being drained) never stalls.
func (b *Buffer) Write(p []byte) (int, error) {
	room := b.Max - len(b.data)
	keep := min(max(room, 0), len(p))
	if need := len(b.data) + keep; need > cap(b.data) {
		// Grow by doubling but never past Max: append's own growth
		// could reserve up to twice the cap.
		grown := make([]byte, len(b.data), min(b.Max, max(need, 2*cap(b.data), 4096)))
		copy(grown, b.data)
		b.data = grown
	}
	b.data = append(b.data, p[:keep]...)
	b.dropped += int64(len(p) - keep)
	return len(p), nil
}

// Bytes returns what was kept.
func (b *Buffer) Bytes() []byte { return b.data }

// Truncated reports whether anything was dropped.
func (b *Buffer) Truncated() bool { return b.dropped > 0 }

// readChunk is how much one read asks for: the default pipe holds 64 KiB.
const readChunk = 64 << 10

// drain reads f into b until EOF or until f is closed or its deadline
// passes (a child still holding the pipe after the process exited).
func drain(f *os.File, b *Buffer) {
	chunk := make([]byte, readChunk)
	for {
		n, err := f.Read(chunk)
		_, _ = b.Write(chunk[:n])
		if err != nil { // EOF, the deadline, or a closed pipe: what was read is kept
			return
		}
	}
}
