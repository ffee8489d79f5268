// Package logging builds the agent's zap logger and bridges protoactor's
// slog output into it.
//
// Invariants: logs go to stderr or the -l file, never to the channel; the
// log file is opened append-only and close-on-exec.
package logging
