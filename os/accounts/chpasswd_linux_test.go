package accounts

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeChpasswd writes a stand-in chpasswd that records its arguments and
// stdin in dir, then runs tail (shell). The real chpasswd never runs on
// this machine.
func fakeChpasswd(t *testing.T, tail string) (*Linux, string) {
	t.Helper()
	dir := t.TempDir()
	prog := filepath.Join(dir, "chpasswd")
	script := "#!/bin/sh\necho \"$0 $*\" >" + dir + "/args\ncat >" + dir + "/stdin\n" + tail + "\n"
	if err := os.WriteFile(prog, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	l := safeLinux()
	l.Chpasswd = prog
	return l, dir
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestChpasswdStdin(t *testing.T) {
	for _, crypted := range []bool{false, true} {
		l, dir := fakeChpasswd(t, "exit 0")
		pw := []byte("s3cret pass:word")
		if err := l.SetPassword("alice", pw, crypted); err != nil {
			t.Fatal(err)
		}
		if got := read(t, dir+"/stdin"); got != "alice:s3cret pass:word\n" {
			t.Errorf("stdin %q", got)
		}
		want := l.Chpasswd + " "
		if crypted {
			want += "-e"
		}
		if got := strings.TrimSuffix(read(t, dir+"/args"), "\n"); got != want {
			t.Errorf("crypted=%v: argv %q, want %q (never the password)", crypted, got, want)
		}
	}
}

func TestChpasswdErrors(t *testing.T) {
	tests := []struct {
		name, tail string
		timeout    time.Duration
		want       string
	}{
		{"output", "echo 'chpasswd: (user bob) pam_chauthtok() failed' >&2; echo second; exit 1", 0,
			"child process has failed to set user password: chpasswd: (user bob) pam_chauthtok() failed\nsecond"},
		{"silent", "exit 3", 0, "child process has failed to set user password: exit status 3"},
		{"signal", "kill -9 $$", 0, "child process has terminated abnormally: signal: killed"},
		// A child left behind holding the pipe is killed with the session.
		{"hangs", "sleep 30 & sleep 30", 300 * time.Millisecond,
			"child process has terminated abnormally: killed after the 300ms timeout"},
		{"chatty", "head -c 100000 /dev/zero | tr '\\0' x; exit 1", 0,
			"child process has failed to set user password: " + strings.Repeat("x", MaxChildOutput)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _ := fakeChpasswd(t, tt.tail)
			if tt.timeout > 0 {
				l.Timeout = tt.timeout
			}
			start := time.Now()
			err := l.SetPassword("bob", []byte("pw"), false)
			var ce *ChildError
			if !errors.As(err, &ce) || err.Error() != tt.want {
				t.Fatalf("got %q, want %q", err, tt.want)
			}
			if time.Since(start) > 10*time.Second {
				t.Fatalf("took %v", time.Since(start))
			}
		})
	}
}

func TestChpasswdMissing(t *testing.T) {
	l := safeLinux()
	l.Chpasswd = "goqga-no-such-chpasswd"
	err := l.SetPassword("bob", []byte("pw"), true)
	if err == nil || err.Error() != "child process has failed to set user password: failed to exec 'goqga-no-such-chpasswd': No such file or directory" {
		t.Fatalf("got %v", err)
	}
}

// A file operation stuck past the deadline answers at once, and blocks
// the next ones (instead of stacking stuck goroutines) until it returns.
func TestBoundedStuck(t *testing.T) {
	b := newBounded(50 * time.Millisecond)
	release := make(chan struct{})
	if err := b.run(func() error { <-release; return nil }); err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("got %v", err)
	}
	ran := false
	if err := b.run(func() error { ran = true; return nil }); !errors.Is(err, errStuck) || ran {
		t.Fatalf("while stuck: %v, ran %v", err, ran)
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for b.stuck.Load() && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if err := b.run(func() error { return nil }); err != nil {
		t.Fatalf("after release: %v", err)
	}
}

// safeLinux is the real backend with nothing of this machine's to fall
// back on: no chpasswd outside PATH, no getent. Every test uses it, so
// the real chpasswd never runs here.
func safeLinux() *Linux {
	l := NewLinux()
	l.ChpasswdAt, l.Getent = nil, ""
	return l
}

// chpasswd outside PATH is found at its usual places.
func TestChpasswdFallback(t *testing.T) {
	l, dir := fakeChpasswd(t, "exit 0")
	l.ChpasswdAt = []string{filepath.Join(dir, "absent"), l.Chpasswd}
	l.Chpasswd = "goqga-no-such-chpasswd"
	if err := l.SetPassword("alice", []byte("pw"), false); err != nil {
		t.Fatal(err)
	}
	if got := read(t, dir+"/stdin"); got != "alice:pw\n" {
		t.Fatalf("stdin %q", got)
	}
}
