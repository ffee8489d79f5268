//go:build linux

package netinfo

import (
	"golang.org/x/sys/unix"

	"github.com/goqga/goqga/os/smallfile"
)

// Linux is the real guest's network, read over rtnetlink and from
// /proc/net/dev. It changes nothing.
type Linux struct {
	DevPath string // /proc/net/dev; tests point it at samples
	// RoutePath and IPv6RoutePath are the routing tables (RouteSource).
	RoutePath, IPv6RoutePath string
}

// NewLinux returns the real Source (and RouteSource).
func NewLinux() *Linux {
	return &Linux{DevPath: DevPath, RoutePath: RoutePath, IPv6RoutePath: IPv6RoutePath}
}

// Links dumps RTM_GETLINK for every family, as getifaddrs does.
func (*Linux) Links() ([]Link, error) {
	var links []Link
	hdr := make([]byte, unix.SizeofIfInfomsg) // AF_UNSPEC
	err := dump(unix.RTM_GETLINK, hdr, func() { links = links[:0] }, func(m nlMessage) error {
		if m.Type != unix.RTM_NEWLINK {
			return nil
		}
		l, err := parseLink(m.Data)
		if err != nil {
			return err
		}
		if len(links) == MaxLinks {
			return ErrTooManyLinks
		}
		links = append(links, l)
		return nil
	})
	return links, err
}

// Addrs dumps RTM_GETADDR for every family: the kernel answers IPv4
// first, then IPv6, each in ifindex order.
func (*Linux) Addrs() ([]Addr, error) {
	var addrs []Addr
	hdr := make([]byte, unix.SizeofIfAddrmsg) // AF_UNSPEC
	err := dump(unix.RTM_GETADDR, hdr, func() { addrs = addrs[:0] }, func(m nlMessage) error {
		if m.Type != unix.RTM_NEWADDR {
			return nil
		}
		a, ok, err := parseAddr(m.Data)
		if err != nil || !ok {
			return err
		}
		if len(addrs) == MaxAddrs {
			return ErrTooManyAddrs
		}
		addrs = append(addrs, a)
		return nil
	})
	return addrs, err
}

// Stats reads and parses DevPath (a file over 4 MiB is an error: the
// statistics are then omitted).
func (l *Linux) Stats() (map[string]Stats, error) {
	b, err := smallfile.Read(l.DevPath, 4<<20)
	if err != nil {
		return nil, err
	}
	return ParseDevStats(b), nil
}
