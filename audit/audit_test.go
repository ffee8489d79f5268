package audit

import (
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

func TestLine(t *testing.T) {
	core, logs := observer.New(zap.InfoLevel)
	Line(zap.New(core), "guest-set-time", zap.Int64("time", 42))
	Line(nil, "guest-ping") // nil logger: no panic, nothing logged
	all := logs.All()
	if len(all) != 1 {
		t.Fatalf("got %d lines, want 1", len(all))
	}
	e := all[0]
	if e.Message != "audit" || e.LoggerName != "audit" || e.Level != zap.InfoLevel {
		t.Fatalf("entry %+v", e.Entry)
	}
	m := e.ContextMap()
	if m["command"] != "guest-set-time" || m["time"] != int64(42) {
		t.Fatalf("fields %v", m)
	}
}
