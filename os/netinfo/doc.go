// Package netinfo is the OS boundary of the network domain: the guest's
// links, their addresses, and the counters of /proc/net/dev, as raw facts.
// What qemu-ga makes of them (names, order, which fields appear) is the
// net actor's business.
//
// Two Sources:
//   - Linux asks the kernel over rtnetlink (RTM_GETLINK, RTM_GETADDR
//     dumps, exactly what glibc's getifaddrs does, without cgo) and reads
//     /proc/net/dev (path injectable). It only reads, so it is safe to
//     run anywhere, and a test compares it with Debian's qemu-ga.
//   - Sim serves the simulated guest's World: its interfaces, MACs, CIDR
//     addresses and counters.
//
// WithFaults puts the fault point os.netinfo in front of either (targets
// "links", "addrs" and the statistics file's path).
//
// Invariants:
//   - Every table is bounded: at most MaxLinks links and MaxAddrs
//     addresses (more is an error, never a silent cut), a netlink dump of
//     at most 64 MiB, /proc/net/dev of at most 4 MiB (a larger one is an
//     error, never cut).
//   - One netlink socket is kept open between dumps (close-on-exec, a
//     5 s receive timeout); a dump that fails other than by the kernel's
//     error reply closes it, so no dump reads another's leftovers. An
//     interrupted dump (the kernel's NLM_F_DUMP_INTR) is retried.
//   - The parsers (netlink messages, /proc/net/dev) never panic on any
//     input; fuzz targets hold them to it.
package netinfo
