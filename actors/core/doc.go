// Package core is the domain of the protocol's own commands: guest-sync,
// guest-sync-delimited and guest-ping. They touch no operating system and
// no state, so its Logic answers every request at once; they are allowed
// while frozen because a host must always be able to resynchronise.
package core
