package logging

import (
	"io"
	"os"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Options chooses where and how much to log.
type Options struct {
	File    string    // "" or "-" logs to Stderr
	Verbose bool      // debug level
	Stderr  io.Writer // default os.Stderr
}

// New returns the logger and a function that flushes and closes it.
func New(o Options) (*zap.Logger, func(), error) {
	var sink zapcore.WriteSyncer
	closeFn := func() {}
	if o.File == "" || o.File == "-" {
		w := o.Stderr
		if w == nil {
			w = os.Stderr
		}
		sink = zapcore.AddSync(w)
	} else {
		f, err := os.OpenFile(o.File, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o640)
		if err != nil {
			return nil, nil, err
		}
		sink = zapcore.AddSync(f)
		closeFn = func() { _ = f.Close() }
	}
	level := zapcore.InfoLevel
	if o.Verbose {
		level = zapcore.DebugLevel
	}
	enc := zap.NewProductionEncoderConfig()
	enc.EncodeTime = zapcore.ISO8601TimeEncoder
	core := zapcore.NewCore(zapcore.NewConsoleEncoder(enc), sink, level)
	log := zap.New(core)
	return log, func() { _ = log.Sync(); closeFn() }, nil
}
