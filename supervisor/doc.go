// Package supervisor holds the agent's root actor: it routes every framed
// message to the actor owning its command's domain, keeps the freeze
// gate, and restarts domain actors that fail.
//
// Routing is a pure decision (route.go): decode the envelope, look the
// command up, check that it is enabled (block/allow lists, and the freeze
// gate, which overrides them), validate its arguments; only then does a
// domain actor see the request. Errors found here are answered here.
//
// The freeze gate is a pure state machine too (gate.go, the Dispatcher):
// it closes the moment a freeze is routed and opens only when the freeze
// domain reports that no filesystem may be frozen. Domain actors report
// every answered request with a Done message, so the Dispatcher knows
// which commands still run: a freeze waits for the running commands that
// are not allowed while frozen, and a request whose answer depends on the
// gate waits for a pending freeze or thaw, so pipelined requests see the
// state qemu-ga's one-at-a-time order would give them. gate_model_test.go
// checks the Dispatcher against random interleavings of requests, answers,
// crashes and timers.
//
// Invariants:
//   - Every message the supervisor receives leaves as exactly one Request
//     to a domain actor or exactly one Reply to the channel (after waiting,
//     bounded by HoldLimit and MaxHeld, when the freeze state is moving).
//   - The gate never opens while a filesystem may be frozen: it is closed
//     before a freeze request is sent, and only a report of the freeze
//     domain opens it; a crashed freeze domain reports "may be frozen".
//   - No freeze is routed while a command not allowed while frozen runs,
//     and no such command is routed while the gate is closed.
//   - The freeze status of a session later than a freeze or thaw still
//     running is answered "frozen" here, never queued behind it: a host
//     that timed out on a stuck freeze learns the state on reconnecting.
//   - OnGate sees every move of the gate, in order, and a close before the
//     freeze request leaves (the agent holds its file writes with it).
//   - Domain actors are never stopped: a failing one is restarted, with a
//     growing delay when it keeps failing, and its mailbox waits meanwhile.
//   - The supervisor itself does no I/O and holds no lock; its gate state
//     lives outside the actor instance and survives a restart.
package supervisor
