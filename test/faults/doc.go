// Package faults is the fault-injection suite: it starts the built agent
// (--os sim) with --faults at every point the agent has (every os.* call
// of every domain, every actor.<domain>, channel.read and channel.write)
// and checks the invariant each fault threatens:
//
//   - every request gets exactly one reply carrying its id, in request
//     order, or none where the protocol says so (a successful shutdown or
//     suspend); a guest-sync written after each request proves that no
//     extra line slipped in between;
//   - the freeze gate never opens while a filesystem may be frozen (the
//     simulated guest's journal says which are), and no filesystem is
//     frozen without the frozen marker on disk;
//   - no descriptor leaks (/proc/PID/fd, read from outside) and no
//     goroutine is left behind (the agent's SIGUSR1 stats record), once
//     the workload has run many times over;
//   - the agent never exits on a fault, and exits cleanly on SIGTERM
//     afterwards, hangs included.
//
// coverage_test.go reads the source for the points the agent defines, so
// a new fault point without a case here fails the suite.
package faults
