// Package hook runs the fsfreeze hook (-F/--fsfreeze-hook): the operator's
// script that quiesces applications before filesystems are frozen
// ("HOOK freeze") and resumes them after the thaw ("HOOK thaw").
//
// As in qemu-ga the hook runs in its own session with stdin on /dev/null,
// and a non-zero exit is a failure; unlike qemu-ga its output is kept
// (bounded, for the error message) and it is killed, with every process of
// its session's group, when it outlives the timeout: a stuck hook must not
// hold the freeze domain forever.
//
// Invariants: the agent's own descriptors never leak into the hook (Go
// opens everything close-on-exec); no more than MaxOutput bytes of output
// are kept; Run returns within the timeout plus a short grace period.
// Every run passes the fault point os.hook, targeted by the argument
// ("freeze" or "thaw").
package hook
