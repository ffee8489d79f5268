package files

import (
	"strconv"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	osfiles "github.com/goqga/goqga/os/files"
)

// A successful open leaves one audit line with the path, mode and handle;
// reads, writes and closes change no state worth one.
func TestOpenAuditLine(t *testing.T) {
	f := newFixture(t, 4, "")
	core, logs := observer.New(zap.InfoLevel)
	f.l = New(Config{FS: osfiles.WithFaults(f.fs, nil), StatePath: f.state, MaxHandles: 4, Log: zap.New(core)})
	h := f.openH(f.path("a"), "w")
	f.expect("guest-file-write", `{"handle":`+strconv.FormatInt(h, 10)+`,"buf-b64":"c2VjcmV0"}`, ok(`{"count":6,"eof":false}`))
	f.expect("guest-file-close", `{"handle":`+strconv.FormatInt(h, 10)+`}`, ok(`{}`))
	lines := logs.FilterMessage("audit").All()
	if len(lines) != 1 {
		t.Fatalf("%d audit lines", len(lines))
	}
	m := lines[0].ContextMap()
	if m["command"] != "guest-file-open" || m["path"] != f.path("a") || m["mode"] != "w" || m["handle"] != h {
		t.Fatalf("audit fields %v", m)
	}
}
