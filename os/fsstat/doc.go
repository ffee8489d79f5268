// Package fsstat is the OS boundary of a filesystem's size: statvfs(3)
// of a mount point, as raw counts (fragments of Frsize bytes). What
// qemu-ga makes of them (used-bytes, total-bytes,
// total-bytes-privileged) is the filesystem domain's business.
//
// Sources: Linux (statfs(2), which glibc's statvfs wraps: f_frsize, or
// f_bsize on kernels that leave it 0) and Sim (the simulated guest's
// World.Storage.Usage). WithFaults puts the fault point os.statvfs,
// target the mount point, in front of either.
//
// Invariants: a call touches only the one mount point it is given; on a
// dead network mount it can block in the kernel for minutes, so callers
// run it under a deadline (os/deadline).
package fsstat
