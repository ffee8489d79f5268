package framer

import (
	"bytes"
	"testing"
)

// BenchmarkFramer: a stream of small requests, the common case.
func BenchmarkFramer(b *testing.B) {
	var stream []byte
	for len(stream) < 64<<10 {
		stream = append(stream, `{"execute":"guest-ping"}`+"\n"...)
		stream = append(stream, `{"execute":"guest-file-read","arguments":{"handle":1000,"count":4096},"id":7}`...)
	}
	f := New(Limits{})
	n := 0
	emit := func(Event) { n++ }
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	for b.Loop() {
		f.Push(stream, emit)
	}
	if n == 0 {
		b.Fatal("no messages")
	}
}

// BenchmarkFramerLargeString: one guest-file-write with a 16 MiB base64
// payload, arriving in 64 KiB reads as from the virtio-serial port.
func BenchmarkFramerLargeString(b *testing.B) {
	payload := bytes.Repeat([]byte("QUJDRA=="), (16<<20)/8)
	msg := append([]byte(`{"execute":"guest-file-write","arguments":{"handle":1000,"buf-b64":"`), payload...)
	msg = append(msg, `"}}`...)
	f := New(Limits{})
	n := 0
	emit := func(e Event) {
		if len(e.Msg) != len(msg) {
			b.Fatalf("event %q", e.Err)
		}
		n++
	}
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		for rest := msg; len(rest) > 0; {
			k := min(len(rest), 64<<10)
			f.Push(rest[:k], emit)
			rest = rest[k:]
		}
	}
	if n == 0 {
		b.Fatal("no messages")
	}
}
