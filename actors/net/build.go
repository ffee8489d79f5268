package net

import (
	"strings"

	"github.com/goqga/goqga/os/netinfo"
)

// Interface is one entry of guest-network-get-interfaces.
type Interface struct {
	Name        string         `json:"name"`
	HWAddr      string         `json:"hardware-address,omitempty"`
	IPAddresses []IPAddress    `json:"ip-addresses,omitempty"`
	Statistics  *netinfo.Stats `json:"statistics,omitempty"`
}

// IPAddress is one address of an Interface.
type IPAddress struct {
	Address string `json:"ip-address"`
	Type    string `json:"ip-address-type"`
	Prefix  int    `json:"prefix"`
}

// build assembles the reply as qemu-ga does over getifaddrs; stats may be
// nil (unreadable), which omits every statistics member.
func build(links []netinfo.Link, addrs []netinfo.Addr, stats map[string]netinfo.Stats) []*Interface {
	b := builder{
		order:  []*Interface{}, // an empty list, not null, as qemu-ga
		byName: map[string]*Interface{}, linkByName: map[string]netinfo.Link{}, nameByIndex: map[int32]string{},
	}
	for _, l := range links {
		b.linkByName[l.Name] = l
		b.nameByIndex[l.Index] = l.Name
	}
	for _, l := range links {
		b.entry(l.Name)
	}
	for _, a := range addrs {
		name := a.Label
		if name == "" {
			name = b.nameByIndex[a.Index]
		}
		if name == "" {
			continue // its link vanished between the two dumps
		}
		e := b.entry(name)
		e.IPAddresses = append(e.IPAddresses, IPAddress{Address: formatIP(a.IP), Type: ipType(a.IP), Prefix: a.Prefix})
		if s, ok := stats[name]; ok && e.Statistics == nil {
			e.Statistics = &s
		}
	}
	return b.order
}

type builder struct {
	order       []*Interface
	byName      map[string]*Interface
	linkByName  map[string]netinfo.Link
	nameByIndex map[int32]string
}

// entry finds or appends the entry for name. The hardware address is
// looked up by name the way SIOCGIFHWADDR does: an alias label "eth0:1"
// asks about "eth0".
func (b *builder) entry(name string) *Interface {
	if e, ok := b.byName[name]; ok {
		return e
	}
	e := &Interface{Name: name}
	dev, _, _ := strings.Cut(name, ":")
	if l, ok := b.linkByName[dev]; ok {
		e.HWAddr = formatMAC(l.HWAddr)
	}
	b.byName[name] = e
	b.order = append(b.order, e)
	return e
}
