// Package process is the OS boundary of the exec domain: starting a
// program for guest-exec, feeding its stdin, reading its output into
// bounded buffers, and learning how it ended. What the host sees (pids in
// a table, results answered once) is the exec actor's business.
//
// Three Runners:
//   - Linux starts real programs: qemu-ga's PATH search (GLib's rules:
//     the agent's PATH, EACCES remembered while searching, a file the
//     kernel cannot execute run by /bin/sh), the given environment
//     replacing the agent's, input-data on a pipe that is closed after
//     it (no input: /dev/null), uncaptured streams on /dev/null.
//   - Sim runs the simulated guest's scripted programs (sim.Program):
//     their output, exit code or signal and run time, journaled.
//   - WithFaults puts the fault points os.exec (starting), os.exec_wait
//     (waiting for the end) and os.exec_resolve (resolving a path for the
//     allow-list) in front of either; target: the path as the host gave
//     it.
//
// Invariants (Linux):
//   - A child runs in its own process group, with every signal at its
//     default disposition and none blocked, and holds no descriptor of the
//     agent's: only stdin, stdout and stderr. Descriptors the agent
//     inherited are marked close-on-exec before the first start
//     (CloseOnExecAll); signals the agent inherited as ignored get a
//     dropping handler instead, so exec resets them to the default.
//   - Output is read as it comes, each stream into a Buffer that keeps at
//     most MaxOutput bytes and counts the rest as truncated: a chatty
//     program costs at most 16 MiB per stream, and never blocks on a full
//     pipe.
//   - Wait returns once the process itself has exited and its output is
//     read: at EOF, or ExitGrace after the exit when a child it left
//     behind still holds the pipes (what was read is kept; qemu-ga waits
//     for every holder). Then every pipe end of the agent is closed,
//     stdin's too, so no goroutine outlives Wait.
//   - The exited process stays a zombie until Release, so its pid cannot
//     be given to another process while the exec table still answers for
//     it. Every started process is Waited once and Released once.
//   - A running program costs the agent no thread: its exit is awaited on
//     a pidfd in Go's poller, its pipes are read through the poller too
//     (30 running sleeps: 7 threads, as idle). Only without pidfds (Linux
//     before 5.3) does each wait hold a thread in waitid(2).
package process
