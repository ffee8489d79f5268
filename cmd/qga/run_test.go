package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/client/clienttest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type result struct {
	code           int
	stdout, stderr string
}

func runWith(env map[string]string, args ...string) result {
	return runIn("", env, args...)
}

// runIn runs qga with stdin as its standard input.
func runIn(stdin string, env map[string]string, args ...string) result {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb, func(k string) string { return env[k] })
	return result{code, out.String(), errb.String()}
}

func (r result) check(t *testing.T, code int, stdout, stderr string) {
	t.Helper()
	if r.code != code || !strings.Contains(r.stdout, stdout) || !strings.Contains(r.stderr, stderr) {
		t.Fatalf("got %d, stdout %q, stderr %q; want %d, %q, %q", r.code, r.stdout, r.stderr, code, stdout, stderr)
	}
}

var (
	silent = func(io.Writer, clienttest.Request) error { return nil }
	hangup = func(io.Writer, clienttest.Request) error { return clienttest.ErrHangUp }
	echo   = func(w io.Writer, req clienttest.Request) error {
		return clienttest.WriteReturn(w, req, req.Arguments)
	}
)

func fake(t *testing.T) *clienttest.Fake {
	return clienttest.Start(t, clienttest.Mux(map[string]clienttest.Handler{
		"guest-hang":        silent,
		"guest-echo":        echo,
		"guest-shutdown":    silent,
		"guest-suspend-ram": hangup,
		"guest-suspend-disk": func(w io.Writer, req clienttest.Request) error {
			return clienttest.WriteError(w, req, "GenericError", "the requested suspend mode is not supported by the guest")
		},
	}))
}

func TestSuccessPrettyPrints(t *testing.T) {
	f := fake(t)
	r := runWith(nil, "-s", f.Path, "guest-info")
	r.check(t, exitOK, "{\n  \"supported_commands\": [],\n  \"version\": \"fake\"\n}\n", "")
	if got := f.Commands(); len(got) != 2 || got[0] != "guest-sync-delimited" || got[1] != "guest-info" {
		t.Fatalf("commands = %v", got)
	}
}

func TestArgumentsAndEnvSocket(t *testing.T) {
	f := fake(t)
	r := runWith(map[string]string{"QGA_SOCKET": f.Path}, "guest-echo", ` {"path": "/etc/hostname", "n": [1, 2]} `)
	r.check(t, exitOK, "{\n  \"path\": \"/etc/hostname\",\n  \"n\": [\n    1,\n    2\n  ]\n}\n", "")
	if a := f.Requests()[1].Arguments; string(a) != `{"path":"/etc/hostname","n":[1,2]}` {
		t.Fatalf("arguments = %s", a)
	}
}

func TestErrorReply(t *testing.T) {
	f := fake(t)
	r := runWith(nil, "-s", f.Path, "guest-nope")
	r.check(t, exitReply, "", "error: CommandNotFound: The command guest-nope has not been found\n")
	if r.stdout != "" {
		t.Fatalf("stdout = %q", r.stdout)
	}
}

func TestSyncModes(t *testing.T) {
	for flag, want := range map[string]string{"--plain-sync": "guest-sync", "--no-sync": "guest-ping"} {
		f := fake(t)
		runWith(nil, flag, "-s", f.Path, "guest-ping").check(t, exitOK, "{}\n", "")
		if got := f.Commands(); got[0] != want {
			t.Fatalf("%s: commands = %v", flag, got)
		}
	}
}

func TestNoReplyCommands(t *testing.T) {
	f := fake(t)
	runWith(nil, "-s", f.Path, "--wait", "100ms", "guest-shutdown", `{"mode":"reboot"}`).
		check(t, exitOK, "no reply (expected for guest-shutdown)\n", "")
	runWith(nil, "-s", f.Path, "guest-suspend-ram").
		check(t, exitOK, "no reply (expected for guest-suspend-ram)\n", "")
	runWith(nil, "-s", f.Path, "guest-suspend-disk").
		check(t, exitReply, "", "error: GenericError: the requested suspend mode")
}

func TestTimeoutAndIOErrors(t *testing.T) {
	f := fake(t)
	start := time.Now()
	runWith(nil, "-s", f.Path, "-t", "0.2", "guest-hang").check(t, exitIO, "", "qga: timeout after 200ms")
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("took %v", d)
	}
	runWith(nil, "-s", f.Path+".missing", "guest-ping").check(t, exitIO, "", "qga: dial unix")
	bad := clienttest.Start(t, func(w io.Writer, req clienttest.Request) error {
		_, err := io.WriteString(w, "\xffnot json\n")
		return err
	})
	runWith(nil, "-s", bad.Path, "--no-sync", "guest-ping").check(t, exitIO, "", "bad reply line")
}

func TestUsageErrors(t *testing.T) {
	missing := "/nonexistent/qga.sock"
	cases := map[string][]string{
		"no command":        {"-s", missing},
		"too many":          {"-s", missing, "guest-ping", "{}", "x"},
		"bad json":          {"-s", missing, "guest-ping", "{bad"},
		"not object":        {"-s", missing, "guest-ping", "[1]"},
		"empty args":        {"-s", missing, "guest-ping", ""},
		"no socket":         {"guest-ping"},
		"bad flag":          {"-s", missing, "--frobnicate", "guest-ping"},
		"bad timeout":       {"-s", missing, "-t", "soon", "guest-ping"},
		"negative timeout":  {"-s", missing, "-t", "-1", "guest-ping"},
		"exclusive options": {"-s", missing, "--no-sync", "--plain-sync", "guest-ping"},
	}
	for name, args := range cases {
		r := runWith(nil, args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "usage: qga") || r.stdout != "" {
			t.Errorf("%s: got %d, %q, %q", name, r.code, r.stdout, r.stderr)
		}
	}
	runWith(nil, "--help").check(t, exitOK, "usage: qga", "")
}
