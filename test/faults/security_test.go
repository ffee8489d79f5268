package faults

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goqga/goqga/test/agenttest"
)

// -b/-a are enforced before any actor runs: with every actor armed to
// crash, a blocked or not-allowed command is refused and nothing crashes,
// nothing is opened, nothing is shut down. Bad arguments are refused
// before the actor too. The fault is live: an allowed command does crash.
func TestPolicyBeforeActors(t *testing.T) {
	armed := "actor.files=panic,actor.power=panic,actor.net=panic,os.open=panic,os.shutdown=panic"
	tests := []struct {
		flags   []string
		refused map[string]any // command -> arguments
		allowed string         // a command that reaches its (crashing) actor
	}{
		{[]string{"--block-rpcs", "guest-file-open,guest-shutdown,guest-network-get-interfaces"},
			map[string]any{"guest-file-open": args{"path": "/etc/shadow"}, "guest-shutdown": nil, "guest-network-get-interfaces": nil},
			"guest-file-close"},
		{[]string{"--allow-rpcs", "guest-sync,guest-sync-delimited,guest-ping,guest-file-close"},
			map[string]any{"guest-file-open": args{"path": "/etc/shadow"}, "guest-shutdown": nil, "guest-network-get-interfaces": nil},
			"guest-file-close"},
	}
	for _, tt := range tests {
		t.Run(tt.flags[0], func(t *testing.T) {
			t.Parallel()
			f := start(t, append([]string{"--faults", armed}, tt.flags...)...)
			for cmd, a := range tt.refused {
				want := "CommandNotFound: Command " + cmd + " has been disabled"
				if got := errText(f.call(cmd, a)); got != want {
					t.Errorf("%s: %q, want %q", cmd, got, want)
				}
			}
			bad := errText(f.call("guest-file-close", args{"handle": "x"}))
			if bad != "GenericError: Invalid parameter type for 'handle', expected: integer" {
				t.Errorf("bad arguments: %q", bad)
			}
			if n := f.a.Count("domain actor failed"); n != 0 {
				t.Errorf("%d actors crashed on refused requests", n)
			}
			if j := f.a.JournalText(); strings.Contains(j, "file-open") || strings.Contains(j, "shutdown") {
				t.Errorf("a refused command acted: %s", j)
			}
			if got := errText(f.call(tt.allowed, args{"handle": 1000})); !strings.Contains(got, "internal error: the files domain failed") {
				t.Errorf("the armed fault did not fire on an allowed command: %q", got)
			}
		})
	}
}

// --file-allow confines guest-file-open, symbolic links resolved; files
// are created 0600, or --file-mode's mode, whatever the umask.
func TestFileAllow(t *testing.T) {
	// The simulated guest's root is tmp: guest path P is tmp/P here.
	tmp := t.TempDir()
	allowed, outside := "/allowed", "/outside"
	host := func(p string) string { return filepath.Join(tmp, p) }
	for _, d := range []string{allowed, outside} {
		if err := os.Mkdir(host(d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(host(outside+"/secret"), []byte("secret"), 0o600)
	os.Symlink("../outside/secret", host(allowed+"/escape"))
	os.Symlink("../outside", host(allowed+"/dir-escape"))
	prefix := func(p, mode string) string {
		return "GenericError: failed to open file '" + p + "' (mode: '" + mode + "'): "
	}
	const outsideText = "the path is outside the directories allowed by --file-allow"
	for _, mode := range []string{"", "0666", "0640"} {
		flags := []string{"--sim-root", tmp, "--file-allow", allowed}
		if mode != "" {
			flags = append(flags, "--file-mode", mode)
		}
		f := start(t, flags...)
		refusals := []struct{ path, mode, want string }{
			{filepath.Join(outside, "secret"), "r", outsideText},
			{filepath.Join(allowed, "escape"), "r", outsideText},
			{filepath.Join(allowed, "escape"), "w", "the path is a symbolic link, which --file-allow refuses for writing"},
			{filepath.Join(allowed, "dir-escape", "secret"), "a", outsideText},
			{filepath.Join(allowed, "..", "outside", "new"), "w", outsideText},
			{"relative", "w", outsideText}, // the guest's / is not allowed
		}
		for _, r := range refusals {
			if got := errText(f.call("guest-file-open", args{"path": r.path, "mode": r.mode})); got != prefix(r.path, r.mode)+r.want {
				t.Errorf("open %s (%s): %q", r.path, r.mode, got)
			}
		}
		name := filepath.Join(allowed, "new"+mode)
		r := f.call("guest-file-open", args{"path": name, "mode": "w"})
		if errText(r) != "" {
			t.Fatalf("open inside: %q", errText(r))
		}
		if got := errText(f.call("guest-file-close", args{"handle": json.RawMessage(r.Return)})); got != "" {
			t.Errorf("close: %q", got)
		}
		fi, err := os.Stat(host(name))
		want := map[string]os.FileMode{"": 0o600, "0666": 0o666, "0640": 0o640}[mode]
		if err != nil || fi.Mode().Perm() != want {
			t.Errorf("--file-mode %q: created %v, %v; want %o", mode, fi.Mode(), err, want)
		}
	}
	if _, err := os.Stat(host(outside + "/new")); err == nil {
		t.Error("a refused write created a file outside")
	}
	if b, _ := os.ReadFile(host(outside + "/secret")); string(b) != "secret" {
		t.Errorf("the file outside changed: %q", b)
	}
}

// An allowed directory that cannot be resolved stops the agent at start:
// it must never run with a confinement it cannot enforce.
func TestFileAllowMissingDirectory(t *testing.T) {
	missing := "/missing"
	_, err := agenttest.Start(agentBin, t.TempDir(), "--file-allow", missing)
	if err == nil || !strings.Contains(err.Error(), "--file-allow "+missing) {
		t.Errorf("start with a missing --file-allow: %v", err)
	}
}
