package blackbox

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// journal is the simulated guest's side-effect journal of one agent.
type journal string

// startJournaled runs the agent with a sim journal and extra flags.
func startJournaled(t *testing.T, extra ...string) (*agent, journal) {
	t.Helper()
	j := journal(filepath.Join(t.TempDir(), "journal"))
	return start(t, append([]string{"--sim-journal", string(j)}, extra...)...), j
}

// lines returns the journal's entries.
func (j journal) lines(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(string(j))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return strings.Fields(string(b))
}

func (j journal) expect(t *testing.T, want ...string) {
	t.Helper()
	if got := j.lines(t); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("journal:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// waitFor polls the journal until it has n entries.
func (j journal) waitFor(t *testing.T, n int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for len(j.lines(t)) < n {
		if time.Now().After(deadline) {
			t.Fatalf("journal has %d entries after %v, want %d", len(j.lines(t)), within, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Success answers nothing: the only reply is the ping's that follows.
func TestPowerNoReplyOnSuccess(t *testing.T) {
	tests := []struct {
		req   string
		entry string
	}{
		{`{"execute":"guest-shutdown"}`, `{"mode":"powerdown","op":"shutdown"}`},
		{`{"execute":"guest-shutdown","arguments":{}}`, `{"mode":"powerdown","op":"shutdown"}`},
		{`{"execute":"guest-shutdown","arguments":{"mode":"powerdown"},"id":1}`, `{"mode":"powerdown","op":"shutdown"}`},
		{`{"execute":"guest-shutdown","arguments":{"mode":"halt"}}`, `{"mode":"halt","op":"shutdown"}`},
		{`{"execute":"guest-shutdown","arguments":{"mode":"reboot"}}`, `{"mode":"reboot","op":"shutdown"}`},
		{`{"execute":"guest-suspend-ram","id":"r"}`, `{"mode":"ram","op":"suspend"}`},
		{`{"execute":"guest-suspend-disk"}`, `{"mode":"disk","op":"suspend"}`},
	}
	a, j := startJournaled(t)
	c := a.dial()
	var want []string
	for _, tt := range tests {
		write(t, c, tt.req, ping)
		expect(t, c, `{"return":{}}`)
		want = append(want, tt.entry)
		j.expect(t, want...)
	}
}

func TestPowerErrors(t *testing.T) {
	const badMode = `{"error":{"class":"GenericError","desc":"mode is invalid (valid values are: halt|powerdown|reboot"}`
	const unsupported = `{"error":{"class":"GenericError","desc":"the requested suspend mode is not supported by the guest"}`
	tests := []struct{ req, reply string }{
		{`{"execute":"guest-shutdown","arguments":{"mode":"bogus"},"id":5}`, badMode + `,"id":5}`},
		{`{"execute":"guest-shutdown","arguments":{"mode":"Halt"}}`, badMode + `}`},
		{`{"execute":"guest-shutdown","arguments":{"mode":""}}`, badMode + `}`},
		{`{"execute":"guest-shutdown","arguments":{"mode":1}}`,
			`{"error":{"class":"GenericError","desc":"Invalid parameter type for 'mode', expected: string"}}`},
		{`{"execute":"guest-shutdown","arguments":{"force":true}}`,
			`{"error":{"class":"GenericError","desc":"Parameter 'force' is unexpected"}}`},
		{`{"execute":"guest-suspend-hybrid","id":[1]}`, unsupported + `,"id":[1]}`},
	}
	a, j := startJournaled(t)
	c := a.dial()
	for _, tt := range tests {
		write(t, c, tt.req)
		expect(t, c, tt.reply)
	}
	j.expect(t) // nothing was done
}

// A --sim-config guest supports what its world says.
func TestPowerSuspendFromWorld(t *testing.T) {
	world := filepath.Join(t.TempDir(), "world.json")
	if err := os.WriteFile(world, []byte(`{"power":{"suspend":["hybrid"]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	a, j := startJournaled(t, "--sim-config", world)
	c := a.dial()
	write(t, c, `{"execute":"guest-suspend-ram"}`, `{"execute":"guest-suspend-hybrid"}`, ping)
	expect(t, c,
		`{"error":{"class":"GenericError","desc":"the requested suspend mode is not supported by the guest"}}`,
		`{"return":{}}`)
	j.expect(t, `{"mode":"hybrid","op":"suspend"}`)
}

func TestPowerGuestInfo(t *testing.T) {
	c := start(t).dial()
	var info struct {
		Commands []struct {
			Name            string
			Enabled         bool
			SuccessResponse bool `json:"success-response"`
		} `json:"supported_commands"`
	}
	if err := c.Do("guest-info", nil, &info); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"guest-shutdown": true, "guest-suspend-ram": true, "guest-suspend-disk": true, "guest-suspend-hybrid": true}
	for _, cmd := range info.Commands {
		if want[cmd.Name] {
			if !cmd.Enabled || cmd.SuccessResponse {
				t.Errorf("%+v: want enabled without success-response", cmd)
			}
			delete(want, cmd.Name)
		}
	}
	if len(want) > 0 {
		t.Fatalf("guest-info lacks %v", want)
	}
}

// Replies owed for earlier requests reach the host before the guest goes
// down: when the shutdown happens, the slow ping's reply is already
// written (it is readable at once), though the ping took 500ms.
func TestPowerFlushesEarlierRepliesFirst(t *testing.T) {
	a, j := startJournaled(t, "--faults", "actor.core@guest-ping=delay(500ms)")
	c := a.dial()
	write(t, c, ping, `{"execute":"guest-shutdown","arguments":{"mode":"reboot"}}`)
	j.waitFor(t, 1, 5*time.Second)
	c.SetTimeout(100 * time.Millisecond)
	expect(t, c, `{"return":{}}`)
	j.expect(t, `{"mode":"reboot","op":"shutdown"}`)
}

// A suspend that returns only when the guest resumes (simulated with a
// delay) holds nothing but its own reply: the agent answers afterwards.
func TestPowerWorksAfterResume(t *testing.T) {
	a, j := startJournaled(t, "--faults", "os.suspend=delay(300ms)")
	c := a.dial()
	begin := time.Now()
	write(t, c, `{"execute":"guest-suspend-ram"}`, ping)
	expect(t, c, `{"return":{}}`)
	if d := time.Since(begin); d < 300*time.Millisecond {
		t.Fatalf("ping answered after %v, before the guest resumed", d)
	}
	j.expect(t, `{"mode":"ram","op":"suspend"}`)
	if err := c.Sync(); err != nil {
		t.Fatal(err)
	}
	write(t, c, `{"execute":"guest-suspend-disk"}`, ping)
	expect(t, c, `{"return":{}}`)
	j.expect(t, `{"mode":"ram","op":"suspend"}`, `{"mode":"disk","op":"suspend"}`)
}

func TestPowerFaults(t *testing.T) {
	a, j := startJournaled(t, "--faults", "os.shutdown@halt=error(EIO),actor.power=panic*1")
	c := a.dial()
	write(t, c, `{"execute":"guest-suspend-ram"}`,
		`{"execute":"guest-shutdown","arguments":{"mode":"halt"}}`,
		`{"execute":"guest-shutdown"}`, ping)
	r := reply(t, c)
	if !strings.Contains(r, "internal error: the power domain failed while handling guest-suspend-ram") {
		t.Fatalf("crash reply %q", r)
	}
	expect(t, c, `{"error":{"class":"GenericError","desc":"injected fault: input/output error"}}`, `{"return":{}}`)
	j.expect(t, `{"mode":"powerdown","op":"shutdown"}`)
}
