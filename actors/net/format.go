package net

import (
	"fmt"
	"net/netip"
)

// formatMAC prints the first six bytes of hw as SIOCGIFHWADDR reports
// them, zero-padded when shorter; "" when hw is nil (unavailable).
func formatMAC(hw []byte) string {
	if hw == nil {
		return ""
	}
	var b [6]byte
	copy(b[:], hw)
	return fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5])
}

// formatIP prints ip as glibc's inet_ntop does. Go agrees on everything
// (RFC 5952 compression, "::ffff:1.2.3.4") except IPv4-compatible
// addresses, which glibc writes "::1.2.3.4" (the kernel puts them on sit
// tunnels).
func formatIP(ip netip.Addr) string {
	ip = ip.WithZone("")
	if !ip.Is6() || ip.Is4In6() {
		return ip.String()
	}
	b := ip.As16()
	for _, x := range b[:12] {
		if x != 0 {
			return ip.String()
		}
	}
	if b[12] == 0 && b[13] == 0 { // "::" and "::1"-like: a longer zero run
		return ip.String()
	}
	return "::" + netip.AddrFrom4([4]byte(b[12:])).String()
}

func ipType(ip netip.Addr) string {
	if ip.Is4() {
		return "ipv4"
	}
	return "ipv6"
}
