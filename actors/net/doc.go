// Package net is the domain of guest-network-get-interfaces.
//
// It turns the raw facts of os/netinfo into qemu-ga's answer, replaying
// how qemu-ga walks getifaddrs(3):
//   - one entry per name, in order of first appearance: every link in
//     ifindex order, then any IPv4 label that is not a link name
//     ("eth0:1", listed after all links, as getifaddrs does);
//   - hardware-address: the link's address (of the label's link, up to
//     the ':'), first six bytes, lowercase, zero-padded; all zeros for
//     links without one (lo, tun); omitted when unavailable;
//   - ip-addresses: IPv4 then IPv6, each as inet_ntop prints it (no
//     scope, "::1.2.3.4" for IPv4-compatible), prefix = prefix length;
//   - statistics from /proc/net/dev for entries that have an address and
//     whose exact name is in it; omitted when the file cannot be read.
//
// Invariants: Logic holds no state; the OS is read only in the Op, off
// the actor.
package net
