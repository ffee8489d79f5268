package logging

import (
	"context"
	"log/slog"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Slog returns a slog.Logger that writes through log, for libraries that
// log with slog (protoactor-go). Their info chatter becomes debug: the
// agent reports what matters itself.
func Slog(log *zap.Logger) *slog.Logger { return slog.New(&handler{log: log}) }

type handler struct {
	log    *zap.Logger
	fields []zap.Field
}

func (h *handler) Enabled(_ context.Context, l slog.Level) bool {
	return h.log.Core().Enabled(level(l))
}

func (h *handler) Handle(_ context.Context, r slog.Record) error {
	fields := append([]zap.Field(nil), h.fields...)
	r.Attrs(func(a slog.Attr) bool {
		fields = append(fields, zap.Any(a.Key, a.Value.Any()))
		return true
	})
	if ce := h.log.Check(level(r.Level), r.Message); ce != nil {
		ce.Write(fields...)
	}
	return nil
}

func (h *handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	n := &handler{log: h.log, fields: append([]zap.Field(nil), h.fields...)}
	for _, a := range attrs {
		n.fields = append(n.fields, zap.Any(a.Key, a.Value.Any()))
	}
	return n
}

func (h *handler) WithGroup(name string) slog.Handler {
	return &handler{log: h.log.Named(name), fields: h.fields}
}

func level(l slog.Level) zapcore.Level {
	switch {
	case l >= slog.LevelError:
		return zapcore.ErrorLevel
	case l >= slog.LevelWarn:
		return zapcore.WarnLevel
	default:
		return zapcore.DebugLevel
	}
}
