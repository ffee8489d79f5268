// Package trim is the OS boundary of guest-fstrim: one FITRIM ioctl on a
// mounted filesystem, which discards its free blocks and answers how
// many bytes it trimmed.
//
// Trimmers: Linux (the real ioctl: NEVER run outside a guest the test
// suite booted itself) and Sim (the simulated guest's
// World.Storage.Trim, journaling {"op":"fstrim",...} for each trim).
// WithFaults puts the fault point os.fitrim, target the mount point, in
// front of either.
//
// Invariants: the mount point is opened read-only and close-on-exec, and
// closed before Trim returns; a FITRIM of a large disk can take minutes,
// so callers run it under a deadline, off the actor.
package trim
