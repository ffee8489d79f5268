// Package daemon detaches the agent (-d/--daemonize) and keeps its pidfile.
//
// Go cannot fork a running runtime, so Start re-executes the program in a
// new session with stdio on /dev/null; the parent waits until the child
// reports that it is serving (Ready) and exits 0, or exits non-zero with
// the child's failure. The pidfile is locked for the agent's lifetime so a
// second agent on the same pidfile refuses to start, as qemu-ga does.
package daemon
