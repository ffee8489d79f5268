// Package actors is the home of the per-domain actors: one subpackage per
// domain (core, and later files, freeze, power, net), plus domain, the
// shell they all run in.
//
// A domain's state lives in a Logic value that outlives actor restarts;
// the actor instance is a thin shell that feeds it one request at a time
// and runs its I/O off the actor, so Receive never blocks.
package actors
