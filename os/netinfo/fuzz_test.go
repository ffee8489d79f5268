package netinfo

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// FuzzParseDevStats: any input parses without panic into well-formed
// names, and each entry survives being written back as a /proc line.
func FuzzParseDevStats(f *testing.F) {
	f.Add([]byte("  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got := ParseDevStats(b)
		if len(got) > maxStats {
			t.Fatalf("%d entries", len(got))
		}
		for name, s := range got {
			if name == "" || strings.ContainsRune(name, ':') || strings.TrimLeft(name, " \t\v\f\r") != name {
				t.Fatalf("bad name %q", name)
			}
			line := fmt.Sprintf("%s: %d %d %d %d 0 0 0 0 %d %d %d %d 0 0 0 0\n", name,
				s.RxBytes, s.RxPackets, s.RxErrs, s.RxDropped, s.TxBytes, s.TxPackets, s.TxErrs, s.TxDropped)
			if bytes.ContainsAny([]byte(name), "\n") {
				t.Fatalf("name with a newline %q", name)
			}
			again := ParseDevStats([]byte(line))
			if len(again) != 1 || again[name] != s {
				t.Fatalf("%q re-parsed as %+v, want %+v", line, again, s)
			}
		}
	})
}
