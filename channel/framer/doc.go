// Package framer splits the byte stream a host writes to the guest agent into
// JSON messages. It does no I/O and starts no goroutine: the reader hands it
// whatever bytes arrived (Push) and it calls back once per complete message or
// per bad message, in stream order.
//
// # Why structure and not lines
//
// qemu-ga clients do not terminate requests with newlines: QEMU's python
// client sends none, Proxmox writes guest-sync-delimited and the real command
// in a single write, and a large guest-file-write arrives over many reads. A
// message is therefore one complete top-level JSON value, found by tracking
// strings, escapes and bracket depth. Top-level scalars are messages too (the
// dispatcher rejects them with "QMP input must be a JSON object"); a number or
// keyword at top level ends at whitespace or a structural character, so it is
// delivered only when that terminator arrives.
//
// The framer checks only what framing depends on: bracket balance and kind,
// string and escape syntax, and the spelling of numbers and keywords. Grammar
// (missing ':' or ',', duplicate members) and the text of strings (valid
// UTF-8, no lone surrogate) are left to package command's scanner, which
// sees each Msg whole (a UTF-8 sequence may be cut between two reads).
//
// # Invariants
//
//   - Split invariance: the events produced for a byte stream do not depend on
//     how it is cut into Push calls, down to one byte per call. Every decision
//     is made per byte from the state the previous byte left behind; the fast
//     paths (string bodies, bulk buffering) only skip bytes that cannot change
//     that state.
//   - Exactly one error per bad message: the first lexical error, bracket
//     mismatch or exceeded limit produces one Event with Err; the framer then
//     discards the rest of that message while still tracking strings and depth,
//     and resumes normal framing once the depth returns to zero. qemu-ga instead
//     answers once per closing bracket, which floods the client.
//   - Silent resynchronisation: a 0xFF or 0xFE byte (never valid in UTF-8 JSON)
//     anywhere, even inside a string or while discarding, drops any partial
//     message and returns to idle without an event. Clients send 0xFF before
//     guest-sync-delimited to flush what an earlier client left behind; an
//     error reply there would only be one more line for them to skip.
//   - Bounded memory: at most Limits.MaxBytes bytes of a partial message are
//     buffered (see Pending), and the buffer's capacity never exceeds that
//     either; a message that grows past the limit is reported and its bytes
//     dropped at once, not when it ends. A buffer grown for a large message
//     is handed over with its message (no copy), and while large messages
//     follow (a file transfer) the next starts in one sized like it; the
//     next small message, an error, a sentinel or Reset releases it. Nothing else
//     grows with the input except the open-bracket stack, bounded by
//     MaxDepth.
//   - Ownership: every Msg is a fresh slice that the receiver owns; it may be
//     handed to another goroutine. Msg never carries surrounding whitespace
//     and never contains 0xFF or 0xFE.
//
// Reset drops partial state; call it when the host side goes away (a new
// unix-socket client, a virtio-serial hang-up) so the next host does not
// inherit a fragment, a wart of qemu-ga.
package framer
