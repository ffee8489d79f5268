package power

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/goqga/goqga/command"
	ospower "github.com/goqga/goqga/os/power"
)

// fakeOS renders what was asked of the guest, flushes included, as text.
type fakeOS struct {
	trace   []string
	err     error
	flushed bool
}

func (f *fakeOS) Shutdown(m ospower.Mode) error {
	f.trace = append(f.trace, "shutdown "+string(m))
	return f.err
}

func (f *fakeOS) Suspend(m ospower.SuspendMode) error {
	f.trace = append(f.trace, "suspend "+string(m))
	return f.err
}

func (f *fakeOS) flush(gen, seq uint64) bool {
	f.trace = append(f.trace, fmt.Sprintf("flush %d/%d", gen, seq))
	return f.flushed
}

func spec(name string) *command.Spec {
	for i := range Specs {
		if Specs[i].Name == name {
			return &Specs[i]
		}
	}
	panic(name)
}

// handle runs a request through the Logic the way the domain shell does,
// Op and Then included, and returns the reply line ("" for no reply). It
// fails the test when Handle itself (inside the actor) touched the OS.
func handle(t *testing.T, l *Logic, f *fakeOS, req *command.Request) string {
	t.Helper()
	step := l.Handle(req)
	if len(f.trace) > 0 {
		t.Fatalf("Handle touched the OS inside the actor: %q", f.trace)
	}
	r := step.Reply
	if step.Op != nil {
		res, err := step.Op()
		r = step.Then(res, err)
	}
	if r.None {
		return ""
	}
	return string(r.Line)
}

func TestPower(t *testing.T) {
	const badMode = `{"error":{"class":"GenericError","desc":"mode is invalid (valid values are: halt|powerdown|reboot"}}` + "\n"
	tests := []struct {
		name    string
		cmd     string
		args    string
		id      string
		osErr   error
		flushed bool
		reply   string
		trace   string
	}{
		{name: "default mode", cmd: "guest-shutdown", flushed: true, trace: "flush 3/7\nshutdown powerdown"},
		{name: "empty arguments", cmd: "guest-shutdown", args: `{}`, flushed: true, trace: "flush 3/7\nshutdown powerdown"},
		{name: "halt", cmd: "guest-shutdown", args: `{"mode":"halt"}`, flushed: true, trace: "flush 3/7\nshutdown halt"},
		{name: "reboot", cmd: "guest-shutdown", args: `{"mode":"reboot"}`, flushed: true, trace: "flush 3/7\nshutdown reboot"},
		{name: "powerdown, flush timed out", cmd: "guest-shutdown", args: `{"mode":"powerdown"}`, trace: "flush 3/7\nshutdown powerdown"},
		{name: "bad mode", cmd: "guest-shutdown", args: `{"mode":"sleep"}`, reply: badMode},
		{name: "empty mode", cmd: "guest-shutdown", args: `{"mode":""}`, reply: badMode},
		{name: "bad mode with id", cmd: "guest-shutdown", args: `{"mode":"HALT"}`, id: `"x"`,
			reply: strings.TrimSuffix(badMode, "}\n") + `,"id":"x"}` + "\n"},
		{name: "shutdown fails", cmd: "guest-shutdown", osErr: errors.New("child process has failed to shutdown"),
			flushed: true, trace: "flush 3/7\nshutdown powerdown",
			reply: `{"error":{"class":"GenericError","desc":"child process has failed to shutdown"}}` + "\n"},
		{name: "ram", cmd: "guest-suspend-ram", flushed: true, trace: "flush 3/7\nsuspend ram"},
		{name: "disk", cmd: "guest-suspend-disk", flushed: true, trace: "flush 3/7\nsuspend disk"},
		{name: "hybrid unsupported", cmd: "guest-suspend-hybrid", osErr: ospower.ErrUnsupported, id: "1",
			flushed: true, trace: "flush 3/7\nsuspend hybrid",
			reply: `{"error":{"class":"GenericError","desc":"the requested suspend mode is not supported by the guest"},"id":1}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeOS{err: tt.osErr, flushed: tt.flushed}
			l := New(f, f.flush, nil)
			req := &command.Request{Gen: 3, Seq: 7, Spec: spec(tt.cmd)}
			if tt.args != "" {
				req.Args = []byte(tt.args)
			}
			if tt.id != "" {
				req.ID = []byte(tt.id)
			}
			line := handle(t, l, f, req)
			if line != tt.reply {
				t.Errorf("reply %q, want %q", line, tt.reply)
			}
			if got := strings.Join(f.trace, "\n"); got != tt.trace {
				t.Errorf("trace:\n%s\nwant:\n%s", got, tt.trace)
			}
		})
	}
}

func TestNoFlusher(t *testing.T) {
	f := &fakeOS{}
	line := handle(t, New(f, nil, nil), f, &command.Request{Spec: spec("guest-suspend-ram")})
	if line != "" || strings.Join(f.trace, ",") != "suspend ram" {
		t.Fatalf("reply %q, trace %q", line, f.trace)
	}
}

func TestSpecs(t *testing.T) {
	for _, s := range Specs {
		if !s.NoSuccessResponse || s.AllowedFrozen || s.Domain != Name {
			t.Errorf("%s: %+v", s.Name, s)
		}
	}
	if len(Specs) != 4 {
		t.Fatalf("%d specs", len(Specs))
	}
}

// Each power command leaves one audit line naming it and its mode.
func TestAuditLines(t *testing.T) {
	core, logs := observer.New(zap.InfoLevel)
	f := &fakeOS{flushed: true}
	l := New(f, f.flush, zap.New(core))
	handle(t, l, f, &command.Request{Spec: spec("guest-shutdown"), Args: []byte(`{"mode":"reboot"}`)})
	f.trace = nil
	handle(t, l, f, &command.Request{Spec: spec("guest-suspend-ram")})
	var got []string
	for _, e := range logs.FilterMessage("audit").All() {
		got = append(got, fmt.Sprint(e.ContextMap()["command"], " ", e.ContextMap()["mode"]))
	}
	if strings.Join(got, ",") != "guest-shutdown reboot,guest-suspend-ram ram" {
		t.Fatalf("audit lines %q", got)
	}
}
