// Package channel owns the byte stream between the host and the agent.
//
// The channel actor frames incoming bytes into messages (package
// channel/framer), numbers them, hands them to the supervisor, and writes
// the replies back strictly in request order. Goroutines at the edge do
// the blocking I/O: one accepts sessions and reads, one writes; they talk
// to the actor only through messages and two small synchronised queues.
//
// Invariants:
//   - Exactly one reply line per message, in the order the messages
//     arrived; a Reply marked None (successful shutdown) only advances
//     the order. Nothing else is ever written: logs go to zap.
//   - Framing state and the reply order belong to one session. A new
//     unix/vsock client or a virtio host re-attach starts from a reset
//     framer, and replies of an ended session never reach a later one.
//   - When a session's input ends, replies to the requests it already sent
//     are still written (bounded by DrainTimeout, and cut short when the
//     host is gone or another client waits in the listener's backlog),
//     then it is closed.
//   - Memory is bounded in bytes: the reader stops reading while
//     MaxInflight messages (or read chunks), or MaxInflightBytes of them,
//     await their replies (credit.go), and while the replies the host has
//     not read fill the Replies budget (replies.go), counted from the
//     moment a reply reaches the actor until it is written or dropped.
//     Each is a threshold: one message or reply larger than a budget
//     still passes, alone. A Replies budget counts one session at a time;
//     its end forgets the bytes. A producer (Replies.WaitRoom) waits only
//     for replies that leave before its own, never for those held in
//     order behind it, so the budget cannot deadlock a session.
//   - After a burst of large traffic (a message or reply of 1 MiB or
//     more), 3 s of quiet make the framer drop its spares and the heap go
//     back to the system (trim.go); an idle agent never wakes for it.
//   - Receive never blocks: writes are queued to the writer goroutine.
//   - Buffers are lent, never shared: a large read reaches the actor in its
//     own buffer and returns to the reader only after it was framed
//     (readbuf.go); a request buffer handed back with a Reply (Recycle)
//     carries a later message only after its Logic is done with every
//     byte; a Reply's Written runs only after its line was written or
//     dropped, so its Logic may reuse the line's bytes from then on.
//   - A Flush (sent before the guest powers off) is released once every
//     reply before it has been written, its session has ended, or the
//     writer stays busy past DrainTimeout; at most 16 wait at a time.
package channel
