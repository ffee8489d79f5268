package logging

import (
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
	core := zapcore.NewCore(zapcore.NewConsoleEncoder(enc), out, level)
	log := zap.New(core)
	return log, out, func() { _ = log.Sync(); _ = out.Close() }, nil
}
