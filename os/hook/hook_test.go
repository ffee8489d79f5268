package hook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/faults"
)

// script writes an executable shell script into a temporary directory.
func script(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "hook")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRun(t *testing.T) {
	long := strings.Repeat("x", MaxOutput+10)
	cases := []struct {
		name, body string
		want       string // "" means success
	}{
		{"success", `[ "$1" = freeze ] && [ ! -t 0 ] && read x </dev/stdin; exit 0`, ""},
		{"failure keeps output", `echo "db busy" >&2; exit 3`, "fsfreeze hook has failed with status 3: db busy"},
		{"failure without output", `exit 1`, "fsfreeze hook has failed with status 1"},
		{"signal", `kill -TERM $$`, "fsfreeze hook has terminated abnormally (signal: terminated)"},
		{"output bounded", `printf '` + long + `'; exit 2`,
			"fsfreeze hook has failed with status 2: " + long[:MaxOutput] + "... (10 more bytes)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := (&Runner{Path: script(t, c.body)}).Run("freeze")
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != c.want {
				t.Errorf("Run = %q, want %q", got, c.want)
			}
		})
	}
}

// The argument reaches the hook, and a hook that lasts longer than its
// timeout is killed with the processes it started.
func TestRunArgAndTimeout(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "log")
	p := script(t, `echo "$1" >> `+log+`; [ "$1" = thaw ] && exit 0; (sleep 30; echo late >> `+log+`) & sleep 30`)
	r := &Runner{Path: p, Timeout: time.Second}
	start := time.Now()
	err := r.Run("freeze")
	if err == nil || !strings.HasPrefix(err.Error(), "fsfreeze hook has terminated abnormally: killed after the 1s timeout") {
		t.Fatalf("Run = %v", err)
	}
	if d := time.Since(start); d > 10*time.Second { // not the 30 s the hook and its child wanted
		t.Errorf("Run took %v", d)
	}
	r.Timeout = 0
	if err := r.Run("thaw"); err != nil {
		t.Fatalf("thaw: %v", err)
	}
	b, _ := os.ReadFile(log)
	if string(b) != "freeze\nthaw\n" {
		t.Errorf("hook saw %q", b)
	}
}

func TestRunNoHookAndAccess(t *testing.T) {
	if err := (&Runner{}).Run("freeze"); err != nil {
		t.Errorf("no hook: %v", err)
	}
	if err := (*Runner)(nil).Run("freeze"); err != nil {
		t.Errorf("nil runner: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "none")
	err := (&Runner{Path: missing}).Run("freeze")
	if want := "can't access fsfreeze hook '" + missing + "': No such file or directory"; err == nil || err.Error() != want {
		t.Errorf("missing hook: %v, want %s", err, want)
	}
}

func TestRunFault(t *testing.T) {
	inj, _ := faults.Parse("os.hook@thaw=error(EIO)*1")
	r := &Runner{Path: script(t, "exit 0"), Faults: inj}
	if err := r.Run("freeze"); err != nil {
		t.Errorf("freeze: %v", err)
	}
	if err := r.Run("thaw"); err == nil || err.Error() != "fsfreeze hook thaw failed: Input/output error" {
		t.Errorf("os.hook@thaw: %v", err)
	}
}
