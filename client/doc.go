// Package client is a host-side client for the QEMU guest agent protocol
// (qemu-ga and drop-in replacements such as goqga).
//
// Contract:
//
//   - A Client wraps one connection (a unix socket from Dial, or any
//     io.ReadWriteCloser given to New). It is not safe for concurrent use,
//     except that Close may be called at any time to abort a blocked call.
//   - Requests are written as one JSON object followed by "\n". Replies are
//     read as lines by a buffered reader with no line length limit (replies
//     of tens of MiB, e.g. a 48 MiB guest-file-read, are fine). A line cut
//     short by a timeout is kept and completed by the next read.
//   - SetTimeout sets a per-call deadline (reads and writes) applied when the
//     connection supports deadlines; zero means no deadline. Timeouts are
//     reported as errors matching os.ErrDeadlineExceeded (see IsTimeout).
//   - Sync resynchronises the way Proxmox does it properly: 0xFF, then
//     guest-sync-delimited with a random id, skip to the 0xFF sentinel,
//     discard replies until the one returning the id. SyncPlain does
//     libvirt's guest-sync without the 0xFF.
//   - Call writes one request and reads exactly one reply line. Its error is
//     non-nil only for I/O errors, timeouts and lines that are not a JSON
//     object carrying "return" or "error" (*LineError); protocol errors are
//     in Reply.Error. Lines are validated as strict JSON (what json.Valid
//     accepts) by a fast single-pass scanner; member names are matched
//     exactly ("return", "error", "id"), other members are ignored.
//   - CallNoReply is for guest-shutdown and guest-suspend-*: silence or EOF
//     within the wait yields (nil, nil).
//   - WriteRaw and ReadReply give raw control for tests; a reply line
//     starting with 0xFF is accepted with Reply.Delimited set.
//   - Reply.Raw owns its bytes; Reply.Return and Reply.ID are sub-slices of
//     Raw, so a Reply stays valid after later calls.
package client
