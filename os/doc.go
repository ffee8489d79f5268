// Package os is the only part of the agent that touches the operating
// system. It has no code of its own: each capability is a subpackage
// (transport, statedir, daemon, and per domain the calls a domain actor
// makes), with a real Linux implementation and, where the calls are
// dangerous to run on a development machine, a simulated guest (sim).
//
// Rule: nothing outside os/ imports golang.org/x/sys/unix or os/exec
// (enforced by a test in test/deps).
package os
