// Package power is the domain of guest-shutdown and guest-suspend-disk,
// -ram and -hybrid.
//
// Invariants:
//   - The mode of guest-shutdown is validated here, before anything runs,
//     with qemu-ga's text (the spec declares it a plain string so the
//     validator does not answer with its own enum text).
//   - A successful shutdown or suspend answers nothing (Reply.None, which
//     only advances the channel's reply order); a failure answers an error.
//   - Before the OS call, the Op asks the channel to flush the replies of
//     every earlier request (bounded by the flusher's timeout): once the
//     guest is down or asleep the host could not get them.
//   - The OS call runs off the actor (domain.Do): a suspend that returns
//     only after the guest resumes holds this domain's lane, never the
//     channel or the other domains.
//   - Logic holds no mutable state; it is safe across actor restarts.
package power
