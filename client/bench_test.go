package client

import (
	"strings"
	"testing"
)

func BenchmarkParseReply20MB(b *testing.B) {
	line := []byte(`{"return": {"count": 1, "buf-b64": "` + strings.Repeat("QUFB", 5<<20) + `", "eof": false}}` + "\n")
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		if _, err := parseReply(line); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScan20MB(b *testing.B) {
	line := []byte(`{"return": {"count": 1, "buf-b64": "` + strings.Repeat("QUFB", 5<<20) + `", "eof": false}}`)
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		if err := scanObject(line, func(member) {}); err != nil {
			b.Fatal(err)
		}
	}
}
