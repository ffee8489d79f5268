package logging

import (
	"fmt"
	"io"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Options chooses where and how much to log.
type Options struct {
	File    string    // "" or "-" logs to Stderr
	Verbose bool      // debug level
	Stderr  io.Writer // default os.Stderr
	// Held starts with file output held: the agent starts frozen, so the
	// log file is neither opened nor written until Output.Release.
	Held bool
	// MaxHeld bounds the bytes kept while held; 0 means DefaultMaxHeld.
	MaxHeld int
	// Journal: stderr is systemd's journal stream (and File is unset).
	// Each line then starts with its syslog priority ("<6>"), which
	// journald strips and records as PRIORITY, and carries no time stamp
	// (the journal has its own). Stderr is held across freezes like a
	// file, since journald itself may be blocked writing to a frozen disk.
	Journal bool
}

// New returns the logger, its Output (to hold and release around
// freezes) and a function that flushes and closes it.
func New(o Options) (*zap.Logger, *Output, func(), error) {
	out, err := openOutput(o)
	if err != nil {
		return nil, nil, nil, err
	}
	level := zapcore.InfoLevel
	if o.Verbose {
		level = zapcore.DebugLevel
	}
	enc := zap.NewProductionEncoderConfig()
	enc.EncodeTime = zapcore.ISO8601TimeEncoder
	if o.journal() {
		enc.TimeKey = "" // the level comes first: the priority prefix starts the line
		enc.EncodeLevel = journalLevel
	}
	core := zapcore.NewCore(zapcore.NewConsoleEncoder(enc), out, level)
	log := zap.New(core)
	return log, out, func() { _ = log.Sync(); _ = out.Close() }, nil
}

func (o Options) journal() bool { return o.Journal && (o.File == "" || o.File == "-") }

// journalLevel writes zap's level as a syslog priority prefix, then the
// level's name: debug 7, info 6, warn 4, error 3, dpanic/panic 2, fatal 0.
func journalLevel(l zapcore.Level, enc zapcore.PrimitiveArrayEncoder) {
	enc.AppendString(fmt.Sprintf("<%d>%s", Priority(l), l.String()))
}

// Priority maps a zap level to a syslog priority.
func Priority(l zapcore.Level) int {
	switch {
	case l <= zapcore.DebugLevel:
		return 7
	case l == zapcore.InfoLevel:
		return 6
	case l == zapcore.WarnLevel:
		return 4
	case l == zapcore.ErrorLevel:
		return 3
	case l < zapcore.FatalLevel:
		return 2
	}
	return 0
}
