package net

import (
	"errors"
	"io/fs"
	"strconv"

	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/netinfo"
)

// Route is one entry of guest-network-get-route, members in qemu-ga's
// order: IPv4 entries have gateway, mask, irtt, window and mtu; IPv6 ones
// desprefixlen, source, srcprefixlen and nexthop.
type Route struct {
	Iface        string  `json:"iface"`
	Destination  string  `json:"destination"`
	Metric       int64   `json:"metric"`
	Gateway      string  `json:"gateway,omitempty"`
	Mask         string  `json:"mask,omitempty"`
	IRTT         *uint32 `json:"irtt,omitempty"`
	Flags        uint64  `json:"flags"`
	RefCnt       int64   `json:"refcnt"`
	Use          int64   `json:"use"`
	Window       *uint32 `json:"window,omitempty"`
	MTU          *uint32 `json:"mtu,omitempty"`
	DesPrefixLen string  `json:"desprefixlen,omitempty"`
	Source       string  `json:"source,omitempty"`
	SrcPrefixLen string  `json:"srcprefixlen,omitempty"`
	NextHop      string  `json:"nexthop,omitempty"`
	Version      int     `json:"version"`
}

// routes runs off the actor: IPv4 then IPv6, as qemu-ga lists them. A
// family whose table is absent (IPv6 disabled) has no routes, where
// qemu-ga fails the whole command; any other failure is an error.
func (l *Logic) routes() (any, error) {
	out := []Route{}
	missing := 0
	for _, read := range []func() ([]netinfo.Route, error){l.Routes.Routes4, l.Routes.Routes6} {
		rs, err := read()
		if errors.Is(err, fs.ErrNotExist) {
			missing++
			continue
		}
		if err != nil {
			return nil, command.Errorf("failed to read the routing table: %v", err)
		}
		for _, r := range rs {
			out = append(out, route(r))
		}
	}
	if missing == 2 {
		return nil, command.Errorf("failed to read the routing table: neither %s nor %s exists", netinfo.RoutePath, netinfo.IPv6RoutePath)
	}
	return out, nil
}

// route formats one route: addresses as inet_ntop prints them, numbers
// as the unsigned values the kernel holds.
func route(r netinfo.Route) Route {
	out := Route{Iface: r.Iface, Destination: formatIP(r.Dest), Metric: int64(r.Metric),
		Flags: uint64(r.Flags), RefCnt: int64(r.RefCnt), Use: int64(r.Use), Version: r.Version}
	if r.Version == 4 {
		out.Gateway, out.Mask = formatIP(r.Gateway), formatIP(r.Mask)
		out.IRTT, out.Window, out.MTU = &r.IRTT, &r.Window, &r.MTU
		return out
	}
	out.DesPrefixLen = strconv.FormatUint(uint64(r.DestPrefix), 10)
	out.SrcPrefixLen = strconv.FormatUint(uint64(r.SrcPrefix), 10)
	if r.Source.IsValid() {
		out.Source = formatIP(r.Source)
	}
	if r.NextHop.IsValid() {
		out.NextHop = formatIP(r.NextHop)
	}
	return out
}
