// Package logging builds the agent's zap logger and bridges protoactor's
// slog output into it.
//
// Invariants: logs go to stderr or the -l file, never to the channel; the
// log file is opened append-only and close-on-exec. While filesystems may
// be frozen (Output.Hold, driven by the supervisor's freeze gate) nothing
// is written to the file: lines wait in memory, at most MaxHeld bytes
// (later ones are counted and dropped), and are written in order after
// the thaw. An agent that starts frozen opens its log file only then.
//
// Under systemd (Options.Journal: stderr is the journal stream and there is
// no -l file) every line starts with its syslog priority, which journald
// turns into PRIORITY (Priority maps zap's levels), and has no time stamp;
// that stream is held across freezes like a file, since journald may be
// blocked writing to a frozen disk.
package logging
