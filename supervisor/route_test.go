package supervisor

import (
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/command"
)

func testRouter(t *testing.T, allow, block []string) *Router {
	t.Helper()
	reg, err := command.NewRegistry([]command.Spec{
		{Name: "guest-ping", Domain: "core", AllowedFrozen: true},
		{Name: "guest-sync", Domain: "core", Args: []command.Field{command.Arg("id", command.TInt)}, AllowedFrozen: true},
		{Name: "guest-file-open", Domain: "files", Args: []command.Field{command.Arg("path", command.TStr)}},
		{Name: "guest-shutdown", Domain: "power", NoSuccessResponse: true},
	}, Specs)
	if err != nil {
		t.Fatal(err)
	}
	return &Router{Registry: reg, Policy: NewPolicy(allow, block)}
}

func TestRoute(t *testing.T) {
	cases := []struct {
		name          string
		allow, block  []string
		frozen        bool
		msg, wantLine string // wantLine "" means routed
	}{
		{"routed", nil, nil, false, `{"execute":"guest-ping","id":1}`, ""},
		{"unknown", nil, nil, false, `{"execute":"guest-x","id":1}`,
			`{"error":{"class":"CommandNotFound","desc":"The command guest-x has not been found"},"id":1}`},
		{"blocked", nil, []string{"guest-ping"}, false, `{"execute":"guest-ping"}`,
			`{"error":{"class":"CommandNotFound","desc":"Command guest-ping has been disabled"}}`},
		{"not allowed", []string{"guest-sync"}, nil, false, `{"execute":"guest-ping"}`,
			`{"error":{"class":"CommandNotFound","desc":"Command guest-ping has been disabled"}}`},
		{"frozen gate", nil, nil, true, `{"execute":"guest-file-open","arguments":{"path":"/x"}}`,
			`{"error":{"class":"CommandNotFound","desc":"Command guest-file-open has been disabled: the agent is in frozen state"}}`},
		{"gate overrides allow", []string{"guest-file-open"}, nil, true, `{"execute":"guest-file-open"}`,
			`{"error":{"class":"CommandNotFound","desc":"Command guest-file-open has been disabled: the agent is in frozen state"}}`},
		{"frozen ping", nil, nil, true, `{"execute":"guest-ping"}`, ""},
		// qemu-ga reports a disabled command before looking at its arguments.
		{"disabled before args", nil, []string{"guest-sync"}, false, `{"execute":"guest-sync"}`,
			`{"error":{"class":"CommandNotFound","desc":"Command guest-sync has been disabled"}}`},
		{"bad args", nil, nil, false, `{"execute":"guest-sync","arguments":{"id":"1"}}`,
			`{"error":{"class":"GenericError","desc":"Invalid parameter type for 'id', expected: integer"}}`},
	}
	for _, c := range cases {
		r := testRouter(t, c.allow, c.block)
		req, rep := r.Route(&command.Message{Gen: 3, Seq: 9, Raw: []byte(c.msg)}, c.frozen)
		switch {
		case c.wantLine == "" && (rep != nil || req == nil):
			t.Errorf("%s: not routed: %s", c.name, rep.Line)
		case c.wantLine != "" && (rep == nil || strings.TrimSpace(string(rep.Line)) != c.wantLine):
			t.Errorf("%s: got %v, want %s", c.name, rep, c.wantLine)
		case rep != nil && (rep.Gen != 3 || rep.Seq != 9):
			t.Errorf("%s: reply lost its place: %+v", c.name, rep)
		}
	}
}

func TestInfoReflectsGateAndPolicy(t *testing.T) {
	r := testRouter(t, nil, []string{"guest-sync"})
	got := map[string]CommandInfo{}
	for _, c := range r.Info("v", true).Commands {
		got[c.Name] = c
	}
	want := map[string]CommandInfo{
		"guest-ping":      {"guest-ping", true, true},
		"guest-sync":      {"guest-sync", false, true},
		"guest-file-open": {"guest-file-open", false, true},
		"guest-shutdown":  {"guest-shutdown", false, false},
		"guest-info":      {"guest-info", true, true},
	}
	for n, w := range want {
		if got[n] != w {
			t.Errorf("%s: got %+v want %+v", n, got[n], w)
		}
	}
}

func TestPolicyUnknown(t *testing.T) {
	r := testRouter(t, nil, []string{"guest-pong"})
	if u := r.Policy.Unknown(r.Registry); len(u) != 1 || u[0] != "guest-pong" {
		t.Errorf("unknown = %v", u)
	}
}

func TestBackoffDelay(t *testing.T) {
	b := Backoff{Free: 2, Initial: 100 * time.Millisecond, Max: time.Second}
	want := []time.Duration{0, 0, 0, 100, 200, 400, 800, 1000, 1000}
	for n, w := range want {
		if got := b.Delay(n); got != w*time.Millisecond {
			t.Errorf("Delay(%d) = %v, want %v", n, got, w*time.Millisecond)
		}
	}
}
