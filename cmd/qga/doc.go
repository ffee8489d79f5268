// Command qga is an operator's client for a QEMU guest agent: it sends one
// command and prints the reply, or runs a common flow (copy a file, run a
// program, freeze) as one call.
//
//	qga [-s ADDRESS] [-t TIMEOUT] [--wait WAIT] [--no-sync|--plain-sync] [--raw] COMMAND [ARGS-JSON|@FILE|-]
//	qga [-s ADDRESS] [-t TIMEOUT] [--progress auto|always|never] FLOW [FLOW ARGS]
//
// Contract:
//
//   - ADDRESS is a unix socket path, or vsock CID:PORT (also vsock:CID:PORT);
//     the default is $QGA_SOCKET.
//   - ARGS-JSON must be a JSON object; @FILE reads it from a file and -
//     from stdin (at most 64 MiB), so arguments larger than a command
//     line (a 3 MB guest-file-write) work. It is checked before connecting.
//   - Before the command, qga resyncs with 0xFF + guest-sync-delimited
//     (--plain-sync: libvirt's guest-sync; --no-sync: none).
//   - TIMEOUT (a Go duration or plain seconds, default 10s, 0 = none)
//     bounds connecting, the resync and each call.
//   - The return value is printed to stdout as indented JSON; --raw prints
//     the reply line as it came (an error reply too, on stdout). Otherwise
//     an error reply prints "error: CLASS: desc" to stderr.
//   - guest-shutdown and guest-suspend-* send no reply on success: qga
//     waits WAIT (default 1s); silence or EOF prints
//     "no reply (expected for COMMAND)" and counts as success.
//   - Flows: get GUEST-PATH [LOCAL|-] and put LOCAL|- GUEST-PATH copy in
//     1 MiB chunks (progress on stderr when it is a terminal; a failed get
//     removes its partial local file; put sends again what a short write
//     left); exec runs a program with capture-output, polls until it
//     exits and prints its output; freeze [MOUNTPOINT...], thaw,
//     freeze-status; info (a table of guest-info); commands (enabled
//     command names); completion bash|zsh.
//   - Exit status: 0 success, 1 error reply, 2 usage error, 3 timeout or
//     I/O error (including a failed resync or an unparseable reply).
//     qga exec instead exits with the program's status (128+N when signal
//     N ended it) and with 255 when qga itself failed (usage, the agent
//     refused, a timeout), as ssh does.
package main
