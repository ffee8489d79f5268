package net

import (
	"net/netip"
	"testing"

	"pgregory.net/rapid"
)

// The expectations are what glibc's inet_ntop prints (and so qemu-ga
// reports), checked with Python's socket.inet_ntop on Debian.
func TestFormatIP(t *testing.T) {
	tests := []struct{ in, want string }{
		{"127.0.0.1", "127.0.0.1"},
		{"::", "::"},
		{"::1", "::1"},
		{"::102:304", "::1.2.3.4"},
		{"::ffff:1.2.3.4", "::ffff:1.2.3.4"},
		{"::100", "::100"},
		{"::1:0", "::0.1.0.0"},
		{"::ffff:0:1.2.3.4", "::ffff:0:102:304"},
		{"0:0:0:0:0:1:0:0", "::1:0:0"},
		{"::1:2:3", "::1:2:3"},
		{"fe80::1%eth0", "fe80::1"},
		{"1::", "1::"},
		{"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
		{"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},
		{"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
		{"FD00::ABCD", "fd00::abcd"},
	}
	for _, tt := range tests {
		if got := formatIP(netip.MustParseAddr(tt.in)); got != tt.want {
			t.Errorf("formatIP(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatMAC(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{nil, ""},
		{[]byte{}, "00:00:00:00:00:00"},
		{[]byte{0x52, 0x54, 0, 0x12, 0x34, 0x56}, "52:54:00:12:34:56"},
		{[]byte{0xAA, 0xBB, 0xCC, 0xDD}, "aa:bb:cc:dd:00:00"},
		{[]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, "01:02:03:04:05:06"},
	}
	for _, tt := range tests {
		if got := formatMAC(tt.in); got != tt.want {
			t.Errorf("formatMAC(%x) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Whatever formatIP prints reads back as the same address.
func TestFormatIPRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var b [16]byte
		copy(b[:], rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, "ip"))
		// Bias towards the zero-prefixed forms where the rules differ.
		zeros := rapid.IntRange(0, 16).Draw(t, "zeros")
		clear(b[:zeros])
		ip := netip.AddrFrom16(b)
		back, err := netip.ParseAddr(formatIP(ip))
		if err != nil || back != ip {
			t.Fatalf("%v printed %q, read back %v %v", ip, formatIP(ip), back, err)
		}
	})
}
