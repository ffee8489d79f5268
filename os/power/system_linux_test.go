//go:build linux

package power

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestRebootConstants(t *testing.T) {
	for _, c := range []struct{ ours, unix int }{
		{rebootCmdRestart, unix.LINUX_REBOOT_CMD_RESTART},
		{rebootCmdHalt, unix.LINUX_REBOOT_CMD_HALT},
		{rebootCmdPowerOff, unix.LINUX_REBOOT_CMD_POWER_OFF},
	} {
		if c.ours != c.unix {
			t.Errorf("reboot command %#x, x/sys/unix says %#x", c.ours, c.unix)
		}
	}
}

// TestRun checks the real runner with harmless programs only.
func TestRun(t *testing.T) {
	tests := []struct {
		argv    []string
		timeout time.Duration
		status  int
		err     error
	}{
		{[]string{"true"}, 0, 0, nil},
		{[]string{"sh", "-c", "exit 3"}, 0, 3, nil},
		{[]string{"/bin/sh", "-c", "exit 0"}, time.Second, 0, nil},
		{[]string{"goqga-no-such-helper"}, 0, -1, ErrNotFound},
		{[]string{"/nonexistent/goqga-helper"}, 0, -1, ErrNotFound},
		{[]string{"sh", "-c", "kill -9 $$"}, 0, -1, ErrAbnormal},
		{[]string{"sleep", "10"}, 50 * time.Millisecond, -1, ErrAbnormal},
	}
	for _, tt := range tests {
		status, err := run(tt.argv, tt.timeout)
		if status != tt.status || !errors.Is(err, tt.err) {
			t.Errorf("run(%q) = %d, %v; want %d, %v", tt.argv, status, err, tt.status, tt.err)
		}
	}
}

// TestRunStdio: the child gets /dev/null, a new session, and none of the
// agent's descriptors beyond stdio.
func TestRunStdio(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	f, err := os.Create(filepath.Join(t.TempDir(), "leak"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	script := `read x; echo "stdin=$? sid=$(cut -d' ' -f6 /proc/self/stat) pid=$$ fds=$(ls /proc/self/fd | wc -l)" > ` + out
	if st, err := run([]string{"sh", "-c", script}, 5*time.Second); st != 0 || err != nil {
		t.Fatalf("run: %d %v", st, err)
	}
	b, _ := os.ReadFile(out)
	var stdin, sid, pid, fds int
	if _, err := fmt.Sscanf(string(b), "stdin=%d sid=%d pid=%d fds=%d", &stdin, &sid, &pid, &fds); err != nil {
		t.Fatalf("%q: %v", b, err)
	}
	if stdin == 0 {
		t.Errorf("stdin was readable: %q", b)
	}
	// 0, 1, 2 and the directory ls is listing: the test's open file f
	// (close-on-exec) must not be among them.
	if fds > 4 {
		t.Errorf("child had %d descriptors: %q", fds, b)
	}
	if sid != pid {
		t.Errorf("child not in its own session: %q", b)
	}
}

func TestLookPathFallback(t *testing.T) {
	t.Setenv("PATH", "")
	if p, err := lookPath("sh"); err != nil || !filepath.IsAbs(p) {
		t.Fatalf("lookPath(sh) with empty PATH = %q, %v", p, err)
	}
	if !executable("/bin/sh") || executable(t.TempDir()+"/none") {
		t.Fatal("executable")
	}
}
