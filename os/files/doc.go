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
//   - Files created by Open get Options.FileMode whatever the umask
//     (default 0600; qemu-ga uses 0666); an existing file keeps its mode.
//   - With Options.Allow (--file-allow), Open resolves the path first
//     (relative to the working directory, every symbolic link followed),
//     refuses it unless it lies in an allowed directory, refuses a
//     symbolic link as the last component for writing, and opens the
//     resolved path with openat2(RESOLVE_NO_SYMLINKS), so a link that
//     appears between the check and the open is refused by the kernel.
//     Without openat2 (Linux < 5.6, seccomp) it walks to the parent one
//     component at a time (O_PATH|O_NOFOLLOW|O_DIRECTORY), checks the
//     directory descriptor's /proc/self/fd name, and only then opens the
//     last component under it, O_NOFOLLOW and without O_TRUNC (a create
//     lands in that directory), truncates with ftruncate on the descriptor,
//     and refuses (removing what it created) a file whose name turns out
//     other than the resolved path. Nothing is created or truncated outside
//     the allowed tree either way (TestConfinedFallbackRaceNeverWritesOutside).
//   - The state file is read with a size bound (MaxStateBytes) and written
//     only through statedir.WriteAtomic: readers see the old or the new
//     content, never a mix.
//   - WithFaults checks every call: os.open, os.read, os.write, os.seek,
//     os.flush, os.close (target: the path as opened), os.read_state and
//     os.write_state (target: the state file's path).
package files
