// Package domain runs a domain's Logic inside a protoactor actor.
//
// Invariants:
//   - One request of a domain is handled at a time, in arrival order; the
//     next starts when the previous one's reply has been sent.
//   - Receive never blocks: a Step's Op (the OS call) runs on its own
//     goroutine and its result comes back as a message; Then finishes the
//     request inside the actor, the only place domain state changes, or
//     Next continues it with another Op (Chain), still as the same request.
//   - Every request gets exactly one Reply (possibly Reply.None). A panic
//     while handling a request is recovered, the request is answered with
//     a GenericError, and the panic is re-raised as a *Crash so protoactor
//     supervision restarts the actor. A Logic that answers nil gets an
//     internal error sent in its place.
//   - After each reply the actor reports a supervisor.Done to its parent,
//     crashes included; a FreezeReporter Logic adds whether filesystems may
//     be frozen. The supervisor's freeze gate is built on these reports.
//   - Internal work (a Logic's timers, via the post function a Starter
//     gets) waits in the same lane as host requests; its reply goes to its
//     Done callback, never to the host.
//   - The queue of waiting requests and the in-flight request live in a
//     Lane shared by every incarnation of the actor, so a restart loses
//     nothing.
//   - The queue is bounded: past Config.MaxQueue a host request is refused
//     at once with an error instead of waiting (internal work is not).
package domain
