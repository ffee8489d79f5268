// Package trim is the domain of guest-fstrim: FITRIM on every mounted
// filesystem qemu-ga would list (os/freeze.Local), one result per mount
// point, last mounted first, in qemu-ga's words:
//   - {path, trimmed, minimum} on success (minimum as the kernel left it:
//     ext4 raises it to the discard granularity);
//   - {path, error: "trim not supported"} for ENOTTY and EOPNOTSUPP;
//   - {path, error: "failed to open: <strerror>"} or "failed to trim:
//     <strerror>" otherwise.
//
// It is a domain of its own, apart from guest-get-fsinfo, because a trim
// of a large disk takes minutes: one request at a time per domain would
// make fsinfo wait behind it.
//
// Invariants:
//   - guest-fstrim is not allowed while frozen (the supervisor's gate),
//     and a freeze waits for a running trim to end.
//   - Each FITRIM runs off the actor under a deadline (os/deadline): a
//     hung one costs its own path's result ("failed to trim: no answer
//     within ..."), and is not issued again while it is still stuck.
//   - Each request leaves exactly one audit line.
package trim
