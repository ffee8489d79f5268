// Package transport carries the guest agent's byte stream between the guest
// and the host: a virtio-serial port (the default), an ISA serial port, a
// listening unix socket, a listening vsock socket, or a socket handed over by
// systemd socket activation.
//
// Every method presents the same two interfaces: a Listener that yields
// sessions, and a Conn for one session. The upper layers (framing, dispatch)
// never learn which method is in use. The package keeps these invariants:
//
//   - One session at a time. Accept does not return a new Conn until the
//     previous one was closed; for sockets, later clients wait in the backlog,
//     as with qemu-ga. A new session means "reset the parser": nothing read in
//     one session is ever mixed with the next.
//
//   - Read returning io.EOF means the session ended: the socket client
//     disconnected, or the host side of the virtio-serial port was detached
//     (the port reported EPOLLHUP or read() returned 0). After that, Write
//     fails (ErrDetached on serial ports) instead of queueing a reply for
//     whichever host attaches next: that is how qemu-ga delivers stale
//     replies.
//
//   - Closing a Conn ends the session but, for virtio-serial and isa-serial,
//     keeps the device open for the next session. Closing the Listener closes
//     everything and wakes every blocked Accept, Read and Write, which then
//     return ErrClosed.
//
//   - No CPU while detached. With no host attached, a virtio-serial port
//     reads as EOF and polls as readable+hangup forever, so qemu-ga sleeps
//     100 ms in a loop. Here the port sits in an edge-triggered epoll set and
//     we block in epoll_wait until the kernel reports a state change.
//
//   - Every file descriptor is opened close-on-exec, so commands the agent
//     runs (guest-exec, hooks) never inherit the channel to the host.
//
// The package is Linux-only: the project targets Linux guests, and the device
// handling relies on epoll, eventfd and Linux termios.
package transport
