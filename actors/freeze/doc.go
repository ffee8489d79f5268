// Package freeze is the domain of guest-fsfreeze-status, -freeze,
// -freeze-list and -thaw: filesystems frozen for a snapshot must always be
// thawed, and while they are frozen the agent must never touch them.
//
// The domain is a Machine (machine.go): a plain state machine (thawed,
// freezing, frozen, thawing, unknown) whose transitions are pure. A
// command starts a procedure; the Machine answers with an Effect ("run
// the hook", "list mounts", "create the marker", "freeze these mounts in
// this order", "thaw these", "remove the marker"); the Logic runs it
// through os/freeze and os/hook in a domain.Chain step, off the actor,
// and feeds the Result back, until the Machine answers with an Outcome.
// Tests drive the Machine without any I/O.
//
// Time is an input: a freeze that succeeds arms the watchdog for its
// generation (Machine.Gen); the timer posts internal work that the Machine
// ignores unless the generation is still current, so a late timer can
// never thaw a later freeze.
//
// Invariants:
//   - Every procedure that ran the freeze hook ends by running the thaw
//     hook, and every procedure that created the marker ends by removing
//     it, unless it leaves the filesystems frozen.
//   - After every request the actor reports MayBeFrozen to the supervisor
//     (domain.FreezeReporter); it is false only in Thawed, so a crash in
//     the middle of a procedure (reported while Freezing or Thawing, then
//     Unknown) keeps the supervisor's gate closed until a thaw succeeds.
//   - The Machine survives actor restarts (it lives in the Logic); Started
//     after a crash turns an interrupted procedure into Unknown and arms
//     the watchdog, so even a crashed freeze is thawed in time.
//   - At start-up the frozen marker puts the Machine in Frozen and arms the
//     watchdog: an agent killed while frozen and restarted can still be
//     thawed, by the host or by itself.
//   - ThawBeforeExit thaws through the same lane before the agent exits.
package freeze
