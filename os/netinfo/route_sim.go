package netinfo

import (
	"fmt"
	"io/fs"
	"net/netip"
	"syscall"

	"github.com/goqga/goqga/os/sim"
)

// simRoutes checks and converts the World's routes, IPv4 and IPv6 apart.
func simRoutes(k sim.Kernel) (v4, v6 []Route, err error) {
	if len(k.Routes) > MaxRoutes {
		return nil, nil, ErrTooManyRoutes
	}
	for _, sr := range k.Routes {
		r, err := simRoute(sr)
		if err != nil {
			return nil, nil, fmt.Errorf("sim route %s via %s: %v", sr.Destination, sr.Iface, err)
		}
		if r.Version == 4 {
			v4 = append(v4, r)
		} else {
			v6 = append(v6, r)
		}
	}
	return v4, v6, nil
}

func simRoute(sr sim.Route) (Route, error) {
	dst, err := netip.ParsePrefix(sr.Destination)
	if err != nil || sr.Iface == "" {
		return Route{}, fmt.Errorf("want a CIDR destination and an interface")
	}
	r := Route{Iface: sr.Iface, Dest: dst.Addr(), Metric: sr.Metric, Flags: sr.Flags, RefCnt: sr.RefCnt, Use: sr.Use}
	if dst.Addr().Is4() {
		r.Version = 4
		r.Mask = netip.AddrFrom4([4]byte(maskBytes(dst.Bits())))
		r.Gateway, err = addrOr(sr.Gateway, netip.IPv4Unspecified())
		r.MTU, r.Window, r.IRTT = sr.MTU, sr.Window, sr.IRTT
		return r, err
	}
	r.Version, r.DestPrefix = 6, uint32(dst.Bits())
	src := netip.PrefixFrom(netip.IPv6Unspecified(), 0)
	if sr.Source != "" {
		if src, err = netip.ParsePrefix(sr.Source); err != nil {
			return r, err
		}
	}
	r.Source, r.SrcPrefix = src.Addr(), uint32(src.Bits())
	r.NextHop, err = addrOr(sr.NextHop, netip.IPv6Unspecified())
	return r, err
}

func maskBytes(bits int) []byte {
	var m [4]byte
	for i := 0; i < bits; i++ {
		m[i/8] |= 0x80 >> (i % 8)
	}
	return m[:]
}

func addrOr(s string, def netip.Addr) (netip.Addr, error) {
	if s == "" {
		return def, nil
	}
	a, err := netip.ParseAddr(s)
	if err == nil && a.Is4() != def.Is4() {
		err = fmt.Errorf("%s is not of the destination's family", s)
	}
	return a, err
}

// Routes4 returns the simulated IPv4 routes.
func (s *Sim) Routes4() ([]Route, error) { return append([]Route(nil), s.routes4...), nil }

// Routes6 returns the simulated IPv6 routes; with the World's no-ipv6, the
// error of a guest whose IPv6 is disabled.
func (s *Sim) Routes6() ([]Route, error) {
	if s.noIPv6 {
		return nil, &fs.PathError{Op: "open", Path: "sim " + IPv6RoutePath, Err: syscall.ENOENT}
	}
	return append([]Route(nil), s.routes6...), nil
}
