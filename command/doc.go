// Package command describes the agent's commands declaratively and checks
// requests against those descriptions before any actor runs.
//
// It holds four ideas, each in its own file:
//   - spec.go: a Spec names a command, its arguments (with QAPI-like types),
//     whether it answers on success, and whether it may run while the guest's
//     filesystems are frozen.
//   - validate.go: Validate checks a request's arguments against a Spec and
//     returns qemu-ga's error texts ("Parameter 'id' is missing", ...).
//   - envelope.go: Decode splits one framed message into execute/arguments/id
//     with qemu-ga's structural errors ("QMP input must be a JSON object", ...).
//   - raw.go: the scanner under Decode and Validate. It accepts what qemu-ga's
//     parser accepts: a string that is not valid UTF-8, a \u escape of a lone
//     surrogate, or an object naming a member twice fails the whole message
//     with one "JSON parse error, ..." and no id, so no reply ever echoes
//     bytes that are not JSON text, and no argument is silently altered.
//   - request.go: the Request and Reply values that travel between actors;
//     a Reply is already the exact line written to the channel.
//
// Invariants:
//   - A Registry is immutable after construction: actors read it
//     concurrently without locks.
//   - Validate never mutates its input and reports missing parameters before
//     unexpected ones, as qemu-ga does.
//   - Every Reply line is one line of JSON ending in '\n', "return" (or
//     "error") first, then "id" exactly as the request carried it; only a
//     guest-sync-delimited success is prefixed with 0xFF.
package command
