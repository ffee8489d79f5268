// Package statedir writes the agent's small state files (-t/--statedir,
// the pidfile) so that a crash or power loss never leaves a half-written
// one: write a temporary file beside the target, fsync it, rename it over
// the target, fsync the directory. A write interrupted before the rename
// (the agent killed) leaves its temporary file; RemoveStale, run at
// start-up, removes those and nothing else.
package statedir
