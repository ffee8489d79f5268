package process

import (
	"bytes"
	"encoding/base64"
	"math/rand/v2"
	"testing"
)

func TestBuffer(t *testing.T) {
	b := Buffer{Max: 5}
	for _, s := range []string{"ab", "cde", "fg"} {
		if n, err := b.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", s, n, err)
		}
	}
	if b.String() != "abcde" || !b.Truncated() || b.Len() != 5 {
		t.Fatalf("%q truncated %v", b.Bytes(), b.Truncated())
	}
	e := Buffer{Max: 5}
	_, _ = e.Write([]byte("abcde"))
	if e.Truncated() {
		t.Fatal("exactly Max is not truncated")
	}
	var none *Buffer
	if none.Len() != 0 || none.Bytes() != nil || none.Truncated() || string(none.AppendBase64([]byte("x"))) != "x" {
		t.Fatal("a nil Buffer is not empty")
	}
}

// Across chunk boundaries, in writes of any size, the Buffer holds and
// encodes exactly what a slice would.
func TestBufferChunks(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, max := range []int{0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 3*chunkSize + 7} {
		data := make([]byte, 4*chunkSize)
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		b := Buffer{Max: max}
		for rest := data; len(rest) > 0; {
			n := min(len(rest), 1+r.IntN(70000))
			_, _ = b.Write(rest[:n])
			rest = rest[n:]
		}
		want := data[:max]
		if !bytes.Equal(b.Bytes(), want) || b.Len() != max || !b.Truncated() {
			t.Fatalf("max %d: kept %d bytes", max, b.Len())
		}
		if got := b.AppendBase64([]byte("<")); string(got) != "<"+base64.StdEncoding.EncodeToString(want) {
			t.Fatalf("max %d: base64 differs", max)
		}
		for i, c := range b.chunks {
			if i < len(b.chunks)-1 && len(c) != chunkSize {
				t.Fatalf("max %d: chunk %d holds %d", max, i, len(c))
			}
		}
	}
}
