package files

import (
	"encoding/base64"
	"encoding/binary"
	"sync"
)

// b64Pairs maps twelve bits to their two base64 characters. Built on the
// first read rather than at start-up, which it would slow for every run.
var b64Pairs = sync.OnceValue(func() *[4096]uint16 {
	t := new([4096]uint16)
	for i := range t {
		t[i] = uint16(b64Alphabet[i>>6])<<8 | uint16(b64Alphabet[i&0x3F])
	}
	return t
})

// encodeB64 is base64.StdEncoding.Encode (same output, padding included),
// six bytes per step through a table of character pairs: four lookups
// and one 8-byte store per eight characters instead of eight of each.
// Encoding is most of a guest-file-read's cost; this runs at 2.4 GB/s
// where the standard library runs at 1.5 (BenchmarkEncodeB64).
func encodeB64(dst, src []byte) {
	di, si := 0, 0
	pairs := b64Pairs()
	for si+8 <= len(src) { // reads eight bytes, uses six
		v := binary.BigEndian.Uint64(src[si:])
		w := uint64(pairs[v>>52&0xFFF])<<48 | uint64(pairs[v>>40&0xFFF])<<32 |
			uint64(pairs[v>>28&0xFFF])<<16 | uint64(pairs[v>>16&0xFFF])
		binary.BigEndian.PutUint64(dst[di:], w)
		si, di = si+6, di+8
	}
	base64.StdEncoding.Encode(dst[di:], src[si:])
}
