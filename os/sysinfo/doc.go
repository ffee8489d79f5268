// Package sysinfo is the OS boundary of guest-get-host-name,
// guest-get-timezone, guest-get-osinfo and guest-get-load: the kernel's
// names (uname), the os-release file, the local time zone and the load
// averages, as raw facts. What qemu-ga makes of them is the sysinfo
// actor's business.
//
// Two Sources:
//   - Linux asks uname(2), reads /etc/os-release (falling back to
//     /usr/lib/os-release when it is missing or not UTF-8, as qemu-ga
//     does), the zone from $TZ or else /etc/localtime (UTC when there is
//     none, as glib), and the load averages from sysinfo(2), rounded as
//     /proc/loadavg prints them (LoadFromSysinfo). os-release and the zone
//     are parsed again only when a stat says their file changed. It only
//     reads, so it runs anywhere, and a test compares it with Debian's
//     qemu-ga on the host.
//   - Sim serves the simulated guest's World.
//
// WithFaults puts a fault point in front of every call: os.hostname,
// os.uname, os.os_release (target: the file), os.localtime (target:
// /etc/localtime) and os.loadavg (target: /proc/loadavg).
//
// Invariants:
//   - Every file is read up to a bound (MaxFile); a larger os-release or
//     zone file is an error, never a silent cut.
//   - The parsers (ParseLoadAvg) never panic on any input (fuzzed).
//   - A cached parse is served only for the same file unchanged (device,
//     inode, size, mtime, ctime); it is shared and never modified.
//   - Reads touch no file's atime on a frozen filesystem (the kernel
//     skips it) and take no lock: the VM suite proves each answers
//     while the guest's disks are frozen (docs/FREEZE.md).
package sysinfo
