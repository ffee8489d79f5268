// Package deadline runs OS calls that can hang in the kernel (statvfs on
// a dead network mount, a sysfs read of a hung device, FITRIM of a large
// disk) on their own goroutine, and stops waiting for them after a
// deadline.
//
// A thread stuck in the kernel cannot be cancelled, so a call that times
// out keeps its goroutine until the kernel lets it go. A Guard remembers
// the key (a mount point, a device) of every call still running and
// refuses a new call on that key at once, so a dead mount costs one
// goroutine however often a host asks about it, and its entry answers
// immediately after the first timeout instead of after each deadline.
//
// Invariants:
//   - Run returns within its deadline (plus scheduling), whatever fn does.
//   - At most one call per key runs at a time; at most MaxRunning calls
//     run in all (more are refused with ErrBusy, never queued).
//   - fn's result after a timeout is dropped; the key is freed when fn
//     returns.
package deadline
