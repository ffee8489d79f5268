package jsonscan

import (
	"bytes"
	"testing"

	"pgregory.net/rapid"
)

func TestPlainLen(t *testing.T) {
	for n := 0; n < 100; n++ {
		for _, special := range []byte{'"', '\\', 0, 0x1f, 0x80, 0xc3, 0xfe, 0xff} {
			s := bytes.Repeat([]byte{'a'}, n)
			if got := PlainLen(s); got != n {
				t.Fatalf("PlainLen(%d plain bytes) = %d", n, got)
			}
			s = append(s, special, 'b')
			if got := PlainLen(s); got != n {
				t.Fatalf("PlainLen with %#x at %d = %d", special, n, got)
			}
		}
	}
	// Bytes next to the special ones are plain.
	for _, b := range []byte{0x20, '!', '#', '[', ']', 0x7e, 0x7f} {
		s := bytes.Repeat([]byte{b}, 17)
		if got := PlainLen(s); got != 17 {
			t.Errorf("PlainLen(%#x * 17) = %d", b, got)
		}
	}
}

// PlainLen agrees with a byte-by-byte scan, whatever the alignment.
func TestPropertyPlainLen(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.SliceOfN(rapid.SampledFrom([]byte("aZ09+/=!~\x20\x7f\x80\xfd\"\\\x00\x1f\xfe\xff")), 0, 120).Draw(t, "s")
		plain := rapid.IntRange(0, 100).Draw(t, "plain")
		s = append(bytes.Repeat([]byte("A"), plain), s...)
		want := len(s)
		for i, b := range s {
			if special[b] {
				want = i
				break
			}
		}
		if got := PlainLen(s); got != want {
			t.Fatalf("PlainLen(%q) = %d, want %d", s, got, want)
		}
	})
}
