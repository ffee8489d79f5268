package netinfo

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"net/netip"
	"strconv"
)

// Route is one line of /proc/net/route (Version 4) or
// /proc/net/ipv6_route (Version 6), with the kernel's unsigned values.
type Route struct {
	Version int
	Iface   string
	Dest    netip.Addr
	// IPv4: Gateway and Mask. IPv6: prefix lengths, Source and NextHop
	// (each invalid when the kernel's text is not 32 hex digits).
	Gateway, Mask         netip.Addr
	DestPrefix, SrcPrefix uint32
	Source, NextHop       netip.Addr
	Metric, Flags         uint32
	RefCnt, Use           uint32
	MTU, Window, IRTT     uint32 // IPv4 only
}

// RouteSource reads the routing tables. Either may fail with an error
// wrapping fs.ErrNotExist when the family is absent (IPv6 disabled).
type RouteSource interface {
	Routes4() ([]Route, error)
	Routes6() ([]Route, error)
}

// Paths of the routing tables, and bounds on them: MaxRoutes routes of
// about 200 bytes of reply each stay under libvirt's 10 MiB reply limit.
const (
	RoutePath     = "/proc/net/route"
	IPv6RoutePath = "/proc/net/ipv6_route"
	MaxRoutes     = 32768
)

// ErrTooManyRoutes is the answer for a guest beyond MaxRoutes.
var ErrTooManyRoutes = errors.New("the guest has more than 32768 routes")

// ParseRoute4 reads /proc/net/route as qemu-ga does: the first line is
// the header; a line is "IFACE DEST GATEWAY FLAGS REFCNT USE METRIC MASK
// MTU WINDOW IRTT" (addresses and flags in hex, the rest decimal) and is
// skipped unless all 11 parse. The addresses are the kernel's network
// order words printed as host integers, so they are read back in host
// order. Decimal fields the kernel prints signed (%d of a u32) are read
// back as the unsigned value it holds: a metric "-1" is 4294967295.
func ParseRoute4(b []byte) ([]Route, error) {
	_, b, _ = bytes.Cut(b, []byte{'\n'})
	return parseRoutes(b, 11, route4)
}

// parseRoutes parses each line of b that has at least n fields with
// parse, keeping those it accepts, at most MaxRoutes.
func parseRoutes(b []byte, n int, parse func([][]byte) (Route, bool)) ([]Route, error) {
	var out []Route
	for len(b) > 0 {
		var line []byte
		line, b, _ = bytes.Cut(b, []byte{'\n'})
		f := bytes.Fields(line)
		if len(f) < n {
			continue
		}
		r, ok := parse(f)
		if !ok {
			continue
		}
		if len(out) == MaxRoutes {
			return nil, ErrTooManyRoutes
		}
		out = append(out, r)
	}
	return out, nil
}

func route4(f [][]byte) (Route, bool) {
	r := Route{Version: 4, Iface: string(f[0])}
	var v [10]uint32
	for i := range v {
		base, signed := 10, true
		switch i {
		case 0, 1, 2, 6: // destination, gateway, flags, mask
			base, signed = 16, false
		}
		x, ok := parse32(f[i+1], base, signed)
		if !ok {
			return r, false
		}
		v[i] = x
	}
	r.Dest, r.Gateway, r.Mask = ip4(v[0]), ip4(v[1]), ip4(v[6])
	r.Flags, r.RefCnt, r.Use, r.Metric = v[2], v[3], v[4], v[5]
	r.MTU, r.Window, r.IRTT = v[7], v[8], v[9]
	return r, true
}

// ParseRoute6 reads /proc/net/ipv6_route as qemu-ga does: "DEST DPLEN SRC
// SPLEN NEXTHOP METRIC REFCNT USE FLAGS IFACE", all in hex but the name;
// a line is skipped unless its 10 fields parse and DEST is an address.
// Every number is the kernel's unsigned 32-bit value (qemu-ga 10.x reads
// them as int and answers sign-extended ones).
func ParseRoute6(b []byte) ([]Route, error) { return parseRoutes(b, 10, route6) }

func route6(f [][]byte) (Route, bool) {
	r := Route{Version: 6, Iface: string(f[9])}
	var v [6]uint32
	for i, j := range []int{1, 3, 5, 6, 7, 8} {
		x, ok := parse32(f[j], 16, false)
		if !ok {
			return r, false
		}
		v[i] = x
	}
	var ok bool
	if r.Dest, ok = ip6(f[0]); !ok {
		return r, false
	}
	r.Source, _ = ip6(f[2])
	r.NextHop, _ = ip6(f[4])
	r.DestPrefix, r.SrcPrefix, r.Metric, r.RefCnt, r.Use, r.Flags = v[0], v[1], v[2], v[3], v[4], v[5]
	return r, true
}

// parse32 reads a 32-bit field: unsigned in base, or a signed decimal
// whose bits are kept ("-1" is 0xffffffff).
func parse32(b []byte, base int, signed bool) (uint32, bool) {
	if signed && len(b) > 0 && b[0] == '-' {
		v, err := strconv.ParseInt(string(b), 10, 32)
		return uint32(int32(v)), err == nil
	}
	v, err := strconv.ParseUint(string(b), base, 32)
	return uint32(v), err == nil
}

// ip4 turns the kernel's word back into the address: /proc/net/route
// prints the big-endian address as a host-order integer.
func ip4(v uint32) netip.Addr {
	var b [4]byte
	binary.NativeEndian.PutUint32(b[:], v)
	return netip.AddrFrom4(b)
}

// ip6 reads 32 hex digits; anything else is not an address.
func ip6(b []byte) (netip.Addr, bool) {
	var a [16]byte
	if len(b) != 32 {
		return netip.Addr{}, false
	}
	if _, err := hex.Decode(a[:], b); err != nil {
		return netip.Addr{}, false
	}
	return netip.AddrFrom16(a), true
}
