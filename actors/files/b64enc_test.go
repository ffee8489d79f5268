package files

import (
	"bytes"
	"encoding/base64"
	"testing"
)

func FuzzEncodeB64(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("goqga"))
	f.Add(bytes.Repeat([]byte{0xFF, 0, 0x80}, 40))
	f.Fuzz(func(t *testing.T, src []byte) {
		want := base64.StdEncoding.EncodeToString(src)
		got := make([]byte, len(want))
		encodeB64(got, src)
		if string(got) != want {
			t.Fatalf("encodeB64(%x) = %q, want %q", src, got, want)
		}
	})
}

func BenchmarkEncodeB64(b *testing.B) {
	src := make([]byte, encodeChunk)
	for i := range src {
		src[i] = byte(i * 7)
	}
	dst := make([]byte, base64.StdEncoding.EncodedLen(len(src)))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		encodeB64(dst, src)
	}
}
