//go:build linux

package netinfo

import (
	"strings"
	"testing"
)

// FuzzNetlink: no datagram, however mangled, panics the parsers, and what
// they accept is well formed.
func FuzzNetlink(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		msgs, _ := parseMessages(b)
		total := 0
		for _, m := range msgs {
			total += 16 + len(m.Data)
			if l, err := parseLink(m.Data); err == nil {
				if l.Name == "" || strings.ContainsRune(l.Name, 0) || l.HWAddr == nil {
					t.Fatalf("link %+v", l)
				}
			}
			if a, ok, err := parseAddr(m.Data); ok {
				if err != nil || !a.IP.IsValid() || a.IP.Zone() != "" || a.Prefix < 0 || a.Prefix > a.IP.BitLen() {
					t.Fatalf("addr %+v %v", a, err)
				}
			}
		}
		if total > len(b) {
			t.Fatalf("messages span %d bytes of %d", total, len(b))
		}
	})
}
