package netinfo

import "github.com/goqga/goqga/faults"

// WithFaults puts the fault point os.netinfo in front of s: target
// "links" for the link list, "addrs" for the addresses, and the
// statistics file's path (/proc/net/dev) for the counters.
func WithFaults(s Source, inj *faults.Injector) Source {
	if inj == nil {
		return s
	}
	return faulty{s: s, inj: inj}
}

type faulty struct {
	s   Source
	inj *faults.Injector
}

func (f faulty) Links() ([]Link, error) {
	return faults.Call(f.inj, pointNetinfo, "links", f.s.Links)
}

func (f faulty) Addrs() ([]Addr, error) {
	return faults.Call(f.inj, pointNetinfo, "addrs", f.s.Addrs)
}

func (f faulty) Stats() (map[string]Stats, error) {
	return faults.Call(f.inj, pointNetinfo, DevPath, f.s.Stats)
}

// WithRouteFaults puts the fault point os.routes in front of s (target:
// the routing table's path).
func WithRouteFaults(s RouteSource, inj *faults.Injector) RouteSource {
	if inj == nil {
		return s
	}
	return faultyRoutes{s: s, inj: inj}
}

type faultyRoutes struct {
	s   RouteSource
	inj *faults.Injector
}

func (f faultyRoutes) Routes4() ([]Route, error) {
	return faults.Call(f.inj, pointRoutes, RoutePath, f.s.Routes4)
}

func (f faultyRoutes) Routes6() ([]Route, error) {
	return faults.Call(f.inj, pointRoutes, IPv6RoutePath, f.s.Routes6)
}

var pointRoutes = faults.Declare("os.routes", "reading a routing table (ENOENT on the IPv6 one answers as a guest without IPv6)", "/proc/net/route, /proc/net/ipv6_route")

var pointNetinfo = faults.Declare("os.netinfo", "listing links, addresses, reading counters (a counters fault only drops statistics)", "links, addrs, /proc/net/dev")
