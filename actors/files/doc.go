// Package files is the files domain: guest-file-open, -close, -read,
// -write, -seek and -flush, with qemu-ga's arguments, replies and error
// texts.
//
// The Logic owns the open-handle table (table.go) and outlives restarts of
// its actor, so a crash of the actor loses no handle and leaks no
// descriptor. OS calls go through os/files and run off the actor; the
// table changes only in the Then continuations, inside the actor.
//
// Invariants:
//   - Handles come from a counter starting at FirstHandle (1000) that only
//     grows. Its next value is written to STATEDIR/qga.state ([global]
//     fd_counter=N, qemu-ga's format) atomically before a handle is
//     returned, so no handle is given twice, also across agent restarts.
//     If the write fails, the open fails and its descriptor is closed.
//   - If the state file cannot be read (not merely missing), opens fail
//     with an error naming it, and each later open reads it again, rather
//     than guess a counter that could repeat a handle.
//   - The table is bounded by MaxHandles (--max-handles); an open beyond
//     it fails at once, before touching the OS.
//   - A handle leaves the table before its close runs: close(2) releases
//     the descriptor even when it fails.
//   - Arguments are checked in qemu-ga's order (handle first, then count
//     or whence), after command.Validate has checked their JSON shapes.
//   - A read's reply line is built in one buffer (readLine): peak memory
//     for a read of N bytes is about 4N/3, not the 4N+ of data, base64
//     string and JSON copy. A write's buf-b64 is found without
//     encoding/json (objectMembers) and decoded in place in the request's
//     argument bytes (decodeB64): a write consumes its request's Args,
//     and hands the request's buffer back with its reply (Recycle) once
//     the data is written. A read's reply buffer comes back once the
//     channel has written the line (Written) and builds the next read's
//     (replybufs.go: one spare of at most 8 MiB, dropped when reads stop).
//   - eof follows fread(3): true when a read stopped at end of file
//     (short read), false for count 0 and for every write and seek.
//   - Files are raw non-blocking descriptors without a stdio buffer, so
//     mixing reads and writes on one handle behaves like qemu-ga's stdio
//     with its flush-before-read and seek-before-write: each operation
//     starts at the position the previous one left.
package files
