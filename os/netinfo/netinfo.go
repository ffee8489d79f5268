package netinfo

import (
	"errors"
	"net/netip"
)

// Link is one network interface as the kernel lists it.
type Link struct {
	Index int32
	Name  string
	// HWAddr is the link-layer address. nil: unavailable (the hardware
	// address cannot be had); empty: the link has none, which Linux
	// reports as all zeros (loopback, tun, wireguard).
	HWAddr []byte
}

// Addr is one IPv4 or IPv6 address of a link.
type Addr struct {
	Index  int32      // the link's index
	Label  string     // IPv4 label ("eth0", "eth0:1"); "" for IPv6
	IP     netip.Addr // the local address, never zoned
	Prefix int        // prefix length, at most the address's bit length
}

// Stats are an interface's counters from /proc/net/dev, named as
// guest-network-get-interfaces names them.
type Stats struct {
	RxBytes   uint64 `json:"rx-bytes"`
	RxPackets uint64 `json:"rx-packets"`
	RxErrs    uint64 `json:"rx-errs"`
	RxDropped uint64 `json:"rx-dropped"`
	TxBytes   uint64 `json:"tx-bytes"`
	TxPackets uint64 `json:"tx-packets"`
	TxErrs    uint64 `json:"tx-errs"`
	TxDropped uint64 `json:"tx-dropped"`
}

// Source lists what guest-network-get-interfaces reports. Links and Addrs
// come in the kernel's order (ifindex order; IPv4 addresses before
// IPv6); Stats is keyed by interface name.
type Source interface {
	Links() ([]Link, error)
	Addrs() ([]Addr, error)
	Stats() (map[string]Stats, error)
}

// Bounds on what a Source returns. The reply for MaxLinks interfaces with
// MaxAddrs addresses stays well under libvirt's 10 MiB reply limit.
const (
	MaxLinks = 8192
	MaxAddrs = 32768
)

// Errors for a guest beyond the bounds.
var (
	ErrTooManyLinks = errors.New("the guest has more than 8192 network interfaces")
	ErrTooManyAddrs = errors.New("the guest has more than 32768 network addresses")
)

// DevPath is where Linux keeps interface counters.
const DevPath = "/proc/net/dev"
