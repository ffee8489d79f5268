// Command qga sends one command to a QEMU guest agent and prints the reply.
//
//	qga [-s SOCKET] [-t TIMEOUT] [--wait WAIT] [--no-sync] [--plain-sync] COMMAND [ARGS-JSON]
//
// Contract:
//
//   - SOCKET is a unix socket path; the default is $QGA_SOCKET.
//   - ARGS-JSON must be a JSON object; it is checked before connecting.
//   - Before the command, qga resyncs with 0xFF + guest-sync-delimited
//     (--plain-sync: libvirt's guest-sync; --no-sync: none).
//   - TIMEOUT (a Go duration or plain seconds, default 10s, 0 = none)
//     bounds connecting, the resync and the command.
//   - The return value is printed to stdout as indented JSON. An error
//     reply prints "error: CLASS: desc" to stderr.
//   - guest-shutdown and guest-suspend-* send no reply on success: qga
//     waits WAIT (default 1s); silence or EOF prints
//     "no reply (expected for COMMAND)" and counts as success.
//   - Exit status: 0 success, 1 error reply, 2 usage error, 3 timeout or
//     I/O error (including a failed resync or an unparseable reply).
package main
