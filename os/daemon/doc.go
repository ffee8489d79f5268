// Package daemon detaches the agent (-d/--daemonize) and keeps its pidfile.
//
// Go cannot fork a running runtime, so Start re-executes the program in a
// new session with stdio on /dev/null; the parent waits until the child
// reports that it is serving (Ready) and exits 0, or exits non-zero with
// the child's failure. The pidfile is locked for the agent's lifetime so a
// second agent on the same pidfile refuses to start, as qemu-ga does.
//
// Under systemd (Type=notify) Ready also sends READY=1 once the agent
// serves, and Stopping sends STOPPING=1 when it begins to stop;
// StderrIsJournal tells the logger that stderr is the journal.
package daemon
