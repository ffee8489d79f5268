package process

import (
	"encoding/base64"
	"os"

	osfiles "github.com/goqga/goqga/os/files"
)

func strerror(err error) string { return osfiles.Strerror(err) }

// Buffer keeps the first Max bytes written to it and counts the rest, so
// a program's output costs at most Max bytes however much it writes. The
// bytes are kept in chunks of chunkSize: growing never copies what was
// kept (a doubling slice leaves up to 24 MiB behind on its way to 16),
// and since chunkSize is a multiple of 3, the chunks' base64 encodings
// join into the whole's (AppendBase64).
//
// It is not safe for concurrent use: one reader goroutine owns it until
// Wait hands it over. A nil *Buffer is empty.
type Buffer struct {
	Max     int
	chunks  [][]byte // every chunk but the last holds chunkSize bytes
	n       int
	dropped int64
}

// chunkSize is a multiple of 3 (see Buffer).
const chunkSize = 3 * 16 << 10

// BufferOf returns a Buffer holding data (tests, the simulated guest).
func BufferOf(data []byte) *Buffer {
	b := &Buffer{Max: len(data)}
	_, _ = b.Write(data)
	return b
}

// Write keeps what fits and drops the rest; it never fails, so the
// writer (a pipe being drained) never stalls.
func (b *Buffer) Write(p []byte) (int, error) {
	keep := min(max(b.Max-b.n, 0), len(p))
	b.dropped += int64(len(p) - keep)
	for rest := p[:keep]; len(rest) > 0; {
		if len(b.chunks) == 0 || len(b.chunks[len(b.chunks)-1]) == chunkSize {
			b.chunks = append(b.chunks, make([]byte, 0, min(chunkSize, max(len(rest), 512))))
		}
		last := &b.chunks[len(b.chunks)-1]
		c := min(chunkSize-len(*last), len(rest))
		*last = append(*last, rest[:c]...)
		rest, b.n = rest[c:], b.n+c
	}
	return len(p), nil
}

// Len is how many bytes were kept.
func (b *Buffer) Len() int {
	if b == nil {
		return 0
	}
	return b.n
}

// Bytes returns a copy of what was kept, in one slice.
func (b *Buffer) Bytes() []byte {
	if b == nil {
		return nil
	}
	out := make([]byte, 0, b.n)
	for _, c := range b.chunks {
		out = append(out, c...)
	}
	return out
}

func (b *Buffer) String() string { return string(b.Bytes()) }

// AppendBase64 appends the standard base64 encoding of what was kept.
func (b *Buffer) AppendBase64(dst []byte) []byte {
	if b == nil {
		return dst
	}
	for _, c := range b.chunks {
		dst = base64.StdEncoding.AppendEncode(dst, c)
	}
	return dst
}

// Truncated reports whether anything was dropped.
func (b *Buffer) Truncated() bool { return b != nil && b.dropped > 0 }

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
