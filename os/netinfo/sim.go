package netinfo

import (
	"fmt"
	"net"
	"net/netip"

	"github.com/goqga/goqga/os/sim"
)

// Sim is the simulated guest's network, built once from its World: link
// i has index i+1, addresses come IPv4 first as the kernel lists them,
// and every interface has counters (the World's, or zeros).
type Sim struct {
	links            []Link
	addrs            []Addr
	stats            map[string]Stats
	routes4, routes6 []Route
	noIPv6           bool
}

// NewSim checks w's interfaces (names unique and non-empty, MACs and
// CIDRs well formed, within the bounds) and serves them.
func NewSim(w *sim.World) (*Sim, error) {
	if len(w.Interfaces) > MaxLinks {
		return nil, ErrTooManyLinks
	}
	s := &Sim{stats: make(map[string]Stats)}
	var v6 []Addr
	for i, ifc := range w.Interfaces {
		l, err := simLink(int32(i+1), ifc)
		if err != nil {
			return nil, err
		}
		if _, dup := s.stats[l.Name]; dup {
			return nil, fmt.Errorf("sim interface %q listed twice", l.Name)
		}
		s.links = append(s.links, l)
		s.stats[l.Name] = simStats(ifc.Stats)
		for _, cidr := range ifc.Addrs {
			p, err := netip.ParsePrefix(cidr)
			if err != nil || p.Addr().Zone() != "" {
				return nil, fmt.Errorf("sim interface %s: bad address %q", l.Name, cidr)
			}
			a := Addr{Index: l.Index, IP: p.Addr(), Prefix: p.Bits()}
			if p.Addr().Is4() {
				a.Label = l.Name
				s.addrs = append(s.addrs, a)
			} else {
				v6 = append(v6, a)
			}
		}
	}
	s.addrs = append(s.addrs, v6...)
	if len(s.addrs) > MaxAddrs {
		return nil, ErrTooManyAddrs
	}
	var err error
	if s.routes4, s.routes6, err = simRoutes(w.Kernel); err != nil {
		return nil, err
	}
	s.noIPv6 = w.Kernel.NoIPv6
	return s, nil
}

func simLink(index int32, ifc sim.Interface) (Link, error) {
	l := Link{Index: index, Name: ifc.Name}
	if l.Name == "" {
		return l, fmt.Errorf("sim interface %d has no name", index)
	}
	if ifc.MAC != "" {
		hw, err := net.ParseMAC(ifc.MAC)
		if err != nil {
			return l, fmt.Errorf("sim interface %s: %v", l.Name, err)
		}
		l.HWAddr = hw
	}
	return l, nil
}

func simStats(s *sim.Stats) Stats {
	if s == nil {
		return Stats{}
	}
	return Stats(*s) // the same fields: sim cannot import netinfo, which imports it
}

// Links returns a copy of the list, so callers cannot reorder the guest.
func (s *Sim) Links() ([]Link, error) { return append([]Link(nil), s.links...), nil }

// Addrs returns the addresses, IPv4 first.
func (s *Sim) Addrs() ([]Addr, error) { return append([]Addr(nil), s.addrs...), nil }

// Stats returns a fresh map of the counters.
func (s *Sim) Stats() (map[string]Stats, error) {
	out := make(map[string]Stats, len(s.stats))
	for k, v := range s.stats {
		out[k] = v
	}
	return out, nil
}
