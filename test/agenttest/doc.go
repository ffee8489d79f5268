// Package agenttest runs the built agent as a separate process for the
// fault, soak and adversarial suites and for cmd/soak: it builds
// cmd/agent, starts it on a private unix socket with the simulated guest
// (--os sim, never the real OS backends), and observes it from outside:
// its /proc figures, its exit, its log, and the one-line stats record it
// logs on SIGUSR1 (goroutines, heap, RSS, descriptors).
//
// Invariants:
//   - An Agent always runs with --os sim in a directory of its own; the
//     caller's extra flags come after, so a test can add faults or limits
//     but the defaults never touch the machine.
//   - The agent's stderr is kept bounded (the last MaxLog bytes), so a
//     long soak cannot make the harness grow.
//   - Stats answers only with a record logged after its own SIGUSR1, never
//     a stale one.
package agenttest
