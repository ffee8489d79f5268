//go:build linux

package netinfo

import (
	"encoding/binary"
	"errors"
	"net/netip"

	"golang.org/x/sys/unix"
)

// The rtnetlink wire format, parsed by hand: x/sys/unix has the constants
// but no parser. These functions are pure and fuzzed.

var errMalformed = errors.New("malformed netlink message")

type nlMessage struct {
	Type, Flags uint16
	Seq, Pid    uint32
	Data        []byte
}

func align4(n int) int { return (n + 3) &^ 3 }

// parseMessages splits one datagram into its messages.
func parseMessages(b []byte) ([]nlMessage, error) {
	var out []nlMessage
	for len(b) > 0 {
		if len(b) < unix.SizeofNlMsghdr {
			return out, errMalformed
		}
		n := int(binary.NativeEndian.Uint32(b[0:4]))
		if n < unix.SizeofNlMsghdr || n > len(b) {
			return out, errMalformed
		}
		out = append(out, nlMessage{
			Type:  binary.NativeEndian.Uint16(b[4:6]),
			Flags: binary.NativeEndian.Uint16(b[6:8]),
			Seq:   binary.NativeEndian.Uint32(b[8:12]),
			Pid:   binary.NativeEndian.Uint32(b[12:16]),
			Data:  b[unix.SizeofNlMsghdr:n],
		})
		b = b[min(align4(n), len(b)):]
	}
	return out, nil
}

// parseAttrs calls f for each route attribute in b.
func parseAttrs(b []byte, f func(typ uint16, val []byte)) error {
	for len(b) > 0 {
		if len(b) < unix.SizeofRtAttr {
			return errMalformed
		}
		n := int(binary.NativeEndian.Uint16(b[0:2]))
		if n < unix.SizeofRtAttr || n > len(b) {
			return errMalformed
		}
		f(binary.NativeEndian.Uint16(b[2:4])&^(unix.NLA_F_NESTED|unix.NLA_F_NET_BYTEORDER), b[unix.SizeofRtAttr:n])
		b = b[min(align4(n), len(b)):]
	}
	return nil
}

// cstring is a netlink string attribute up to its NUL.
func cstring(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// parseLink decodes an RTM_NEWLINK payload. A link without IFLA_ADDRESS
// gets an empty (not nil) HWAddr: SIOCGIFHWADDR reports zeros for it.
func parseLink(data []byte) (Link, error) {
	if len(data) < unix.SizeofIfInfomsg {
		return Link{}, errMalformed
	}
	l := Link{Index: int32(binary.NativeEndian.Uint32(data[4:8])), HWAddr: []byte{}}
	err := parseAttrs(data[unix.SizeofIfInfomsg:], func(typ uint16, val []byte) {
		switch typ {
		case unix.IFLA_IFNAME:
			l.Name = cstring(val)
		case unix.IFLA_ADDRESS:
			l.HWAddr = append([]byte{}, val...)
		}
	})
	if err == nil && l.Name == "" {
		err = errMalformed
	}
	return l, err
}

// parseAddr decodes an RTM_NEWADDR payload; ok is false for families
// other than IPv4 and IPv6, or an address of the wrong size. Like
// getifaddrs, the local address (IFA_LOCAL) wins over IFA_ADDRESS, which
// is the peer on point-to-point links.
func parseAddr(data []byte) (a Addr, ok bool, err error) {
	if len(data) < unix.SizeofIfAddrmsg {
		return Addr{}, false, errMalformed
	}
	family, size := data[0], 0
	switch family {
	case unix.AF_INET:
		size = 4
	case unix.AF_INET6:
		size = 16
	}
	a.Index = int32(binary.NativeEndian.Uint32(data[4:8]))
	a.Prefix = min(int(data[1]), size*8)
	var local, address []byte
	err = parseAttrs(data[unix.SizeofIfAddrmsg:], func(typ uint16, val []byte) {
		switch typ {
		case unix.IFA_LOCAL:
			local = val
		case unix.IFA_ADDRESS:
			address = val
		case unix.IFA_LABEL:
			a.Label = cstring(val)
		}
	})
	if local == nil {
		local = address
	}
	if err != nil || size == 0 || len(local) != size {
		return a, false, err
	}
	a.IP, _ = netip.AddrFromSlice(local)
	return a, true, nil
}
