// Package supervisor holds the agent's root actor: it routes every framed
// message to the actor owning its command's domain and restarts domain
// actors that fail.
//
// Routing is a pure decision (route.go): decode the envelope, look the
// command up, check that it is enabled (block/allow lists, and the freeze
// gate, which overrides them), validate its arguments; only then does a
// domain actor see the request. Errors found here are answered here.
//
// Invariants:
//   - Every message the supervisor receives leaves as exactly one Request
//     to a domain actor or exactly one Reply to the channel.
//   - Domain actors are never stopped: a failing one is restarted, with a
//     growing delay when it keeps failing, and its mailbox waits meanwhile.
//   - The supervisor itself does no I/O and holds no lock.
package supervisor
