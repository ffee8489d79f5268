// Package procstat reads a process's resource figures from /proc: resident
// memory, threads and open descriptors. The agent logs its own on SIGUSR1;
// the soak and fault suites read the agent's from outside to prove that
// nothing grows.
//
// Invariants:
//   - Reads are bounded: the status file is read up to MaxStatusBytes, the
//     descriptor directory is listed in batches and never held in memory
//     whole beyond the count.
//   - Self counts exclude the descriptor used to list /proc/self/fd, so
//     the figure is what the process had open before asking.
//   - ParseStatus never panics on any input (fuzzed) and reports a
//     missing field as an error instead of a zero.
package procstat
