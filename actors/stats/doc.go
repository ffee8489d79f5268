// Package stats is the domain of the guest's kernel counters:
// guest-get-cpustats (per CPU, from /proc/stat) and guest-get-diskstats
// (per block device, from /proc/diskstats).
//
// It turns os/kstat's raw counters into qemu-ga's answers:
//   - cpustats: one entry per "cpuN" line in file order, type "linux",
//     times in milliseconds (ticks * 1000 / USER_HZ, as qemu-ga computes
//     them), iowait, irq and softirq, steal, guest and guestnice present
//     exactly when the kernel prints them (5, 6, 8, 9, 10 counters);
//   - diskstats: one entry per line, the 17 counters under qemu-ga's
//     names, those the kernel's format has (4, 11, 15 or 17); a line of
//     another length gets empty stats, as qemu-ga gives it.
//
// Invariants: Logic holds no state; the OS is read only in the Op, off
// the actor. Both commands run while frozen: they read /proc only, never
// a frozen filesystem (the VM suite proves it; docs/STATS.md).
package stats
