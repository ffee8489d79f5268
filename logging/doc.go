// Package logging builds the agent's zap logger and bridges protoactor's
// slog output into it.
//
// Invariants: logs go to stderr or the -l file, never to the channel; the
// log file is opened append-only and close-on-exec. While filesystems may
// be frozen (Output.Hold, driven by the supervisor's freeze gate) nothing
// is written to the file: lines wait in memory, at most MaxHeld bytes
// (later ones are counted and dropped), and are written in order after
// the thaw. An agent that starts frozen opens its log file only then.
package logging
