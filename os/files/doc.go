// Package files is the OS boundary of the files domain: opening guest
// files, the read/write/seek/flush/close system calls on them, and the
// agent's persistent state file (STATEDIR/qga.state).
//
// It is deliberately thin: File methods are one system call each (plus
// EINTR retries), so the domain above decides what a short read, EOF or
// EAGAIN means for the protocol. Guest files are ordinary files, safe to
// touch on any machine, so the real backend serves both --os linux and
// --os sim; under sim, Journaled adds a journal line per open and close.
//
// Invariants:
//   - Every descriptor is opened O_CLOEXEC|O_NONBLOCK|O_NOCTTY: a child
//     process never inherits a guest file, a FIFO or device never blocks the
//     agent, and opening a tty never makes it the agent's controlling
//     terminal.
//   - Descriptors are raw (not *os.File): Go's poller would turn EAGAIN on
//     a FIFO into a blocking wait, which is exactly what O_NONBLOCK is for.
//   - Close releases the descriptor even when it reports an error (Linux
//     semantics), also when the error is injected: no fault leaks an fd.
//   - Files created by Open get mode 0666 whatever the umask, as qemu-ga's
//     do; an existing file keeps its mode.
//   - The state file is read with a size bound (MaxStateBytes) and written
//     only through statedir.WriteAtomic: readers see the old or the new
//     content, never a mix.
//   - WithFaults checks every call: os.open, os.read, os.write, os.seek,
//     os.flush, os.close (target: the path as opened), os.read_state and
//     os.write_state (target: the state file's path).
package files
