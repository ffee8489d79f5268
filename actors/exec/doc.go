// Package exec is the exec domain: guest-exec and guest-exec-status,
// with qemu-ga 11.1's arguments, replies and error texts, and a process
// table that stays bounded however hosts behave.
//
// The Logic owns the table (table.go) and outlives restarts of its
// actor. Resolving and starting a program, reaping it and encoding its
// output run off the actor (domain.Do); each process has a waiter
// goroutine that blocks in os/process until the process has ended and
// its output is read, hands the outcome over, and posts the exit to the
// actor as internal work. Timers post the expiry of results nobody
// collected. The table changes only inside the actor.
//
// Invariants:
//   - At most Deps.Max (--exec-max, default 64) processes are in the
//     table, running and finished-uncollected together; one more
//     guest-exec is refused at once, before anything starts, with an
//     error that says so.
//   - A finished process's result is answered by guest-exec-status once,
//     then forgotten; a result nobody asks for is dropped Deps.TTL
//     (--exec-ttl, default 10 minutes) after the exit. Either way the
//     zombie is reaped then, not before: until its entry leaves the
//     table, its pid cannot name another process.
//   - "exited" comes when the process itself has exited: a child it left
//     behind holding the pipes delays the result by at most
//     process.ExitGrace, not until that child exits (qemu-ga's wart).
//   - With a Policy (--exec-allow), a program runs only if its resolved
//     path (PATH search, symbolic links followed) is on the list, and the
//     resolved file is what runs; anything else is refused with an error
//     naming the policy.
//   - Every started program leaves one audit line (path, pid, argument
//     count, capture mode, whether input was given) and another when it
//     ends (pid, exit code or signal); never its arguments, environment,
//     input or output.
//   - Neither command runs while filesystems may be frozen (the
//     supervisor's gate); the internal exit and expiry work does, since
//     it only changes the table.
package exec
