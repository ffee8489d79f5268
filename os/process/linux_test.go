package process

import (
	"bytes"
	"errors"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func run(t *testing.T, s Spec) Result {
	t.Helper()
	p, err := NewLinux().Start(s)
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.Wait()
	p.Release()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func sh(script string, c Capture) Spec {
	return Spec{Path: "/bin/sh", Args: []string{"-c", script}, Capture: c}
}

func TestCaptureModes(t *testing.T) {
	const script = "echo out; echo err >&2; exit 3"
	for _, tt := range []struct {
		c        Capture
		out, err string
	}{
		{CaptureNone, "", ""},
		{CaptureStdout, "out\n", ""},
		{CaptureStderr, "", "err\n"},
		{CaptureSeparated, "out\n", "err\n"},
		{CaptureMerged, "out\nerr\n", ""},
	} {
		r := run(t, sh(script, tt.c))
		if r.Out.String() != tt.out || r.Err.String() != tt.err || r.ExitCode != 3 || r.Signaled {
			t.Errorf("%v: %+v", tt.c, r)
		}
	}
}

func TestSignalAndInput(t *testing.T) {
	if r := run(t, sh("kill -9 $$", CaptureNone)); !r.Signaled || r.Signal != 9 {
		t.Errorf("killed: %+v", r)
	}
	s := Spec{Path: "cat", HasStdin: true, Stdin: []byte("in\x00put"), Capture: CaptureStdout}
	if r := run(t, s); r.Out.String() != "in\x00put" {
		t.Errorf("input: %+v", r)
	}
	// No input: stdin is /dev/null, so cat ends at once.
	if r := run(t, Spec{Path: "/bin/sh", Args: []string{"-c", "cat; readlink /proc/self/fd/0"}, Capture: CaptureStdout}); r.Out.String() != "/dev/null\n" {
		t.Errorf("no input: %q", r.Out.Bytes())
	}
}

// The environment is replaced, empty included; without env it is the agent's.
func TestEnv(t *testing.T) {
	s := sh("echo \"$FOO|$HOME\"", CaptureStdout)
	s.Env, s.EnvSet = []string{"FOO=bar"}, true
	if r := run(t, s); r.Out.String() != "bar|\n" {
		t.Errorf("env: %q", r.Out.Bytes())
	}
	s = sh("env | wc -l", CaptureStdout)
	s.EnvSet = true
	if r := run(t, s); strings.TrimSpace(r.Out.String()) != "1" { // sh adds PWD
		t.Errorf("empty env: %q", r.Out.Bytes())
	}
	t.Setenv("GOQGA_TEST", "x")
	if r := run(t, sh("echo $GOQGA_TEST", CaptureStdout)); r.Out.String() != "x\n" {
		t.Errorf("inherited env: %q", r.Out.Bytes())
	}
}

// A child left behind holding the pipes does not keep the process
// "running": Wait returns about ExitGrace after the exit, with what was
// read.
func TestLingeringChild(t *testing.T) {
	l := NewLinux()
	l.grace = 100 * time.Millisecond
	p, err := l.Start(sh("sleep 30 & echo started; echo $! >&2", CaptureSeparated))
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	r, err := p.Wait()
	p.Release()
	if err != nil || r.Out.String() != "started\n" || r.ExitCode != 0 {
		t.Fatalf("%+v %v", r, err)
	}
	if d := time.Since(t0); d > 5*time.Second {
		t.Fatalf("Wait took %v", d)
	}
	child, _ := strconv.Atoi(strings.TrimSpace(r.Err.String()))
	if child <= 0 {
		t.Fatalf("no child pid in %q", r.Err.Bytes())
	}
	// The child is in the process's own group, which is not the agent's.
	pgid, err := syscall.Getpgid(child)
	if err != nil || pgid != p.Pid() || pgid == syscall.Getpgrp() {
		t.Errorf("child pgid %d (err %v), process %d, ours %d", pgid, err, p.Pid(), syscall.Getpgrp())
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
}

// The exited process stays a zombie until Release: its pid is not reused.
func TestZombieUntilRelease(t *testing.T) {
	p, err := NewLinux().Start(Spec{Path: "/bin/true"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	stat := "/proc/" + strconv.Itoa(p.Pid()) + "/stat"
	b, err := os.ReadFile(stat)
	if err != nil || !strings.Contains(string(b), ") Z ") {
		t.Fatalf("before Release: %q %v", b, err)
	}
	p.Release()
	if _, err := os.Stat(stat); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("after Release: %v", err)
	}
}

// The child gets only stdio, no blocked or ignored signal, even one the
// agent ignores.
func TestChildInheritsNothing(t *testing.T) {
	signal.Ignore(syscall.SIGHUP)
	defer signal.Reset(syscall.SIGHUP)
	f, err := os.Open("/dev/null") // close-on-exec by Go: must not show
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// An inherited descriptor, as the agent's parent may leave one: not
	// close-on-exec until the first start marks it.
	inherited, err := syscall.Dup(int(f.Fd()))
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(inherited)
	// The program itself reads its state: a shell's own mask changes
	// while it forks and waits.
	r := run(t, Spec{Path: "/bin/grep", Args: []string{"-E", "^Sig(Blk|Ign)", "/proc/self/status"}, Capture: CaptureStdout})
	if want := "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n"; r.Out.String() != want {
		t.Errorf("signals: %q, want %q", r.Out.Bytes(), want)
	}
	r = run(t, Spec{Path: "/bin/ls", Args: []string{"/proc/self/fd"}, Capture: CaptureStdout})
	if want := "0\n1\n2\n3\n"; r.Out.String() != want { // 3: ls's own directory
		t.Errorf("descriptors: %q, want %q", r.Out.Bytes(), want)
	}
}

func TestTruncation(t *testing.T) {
	r := run(t, sh("head -c 17000000 /dev/zero; echo e >&2", CaptureSeparated))
	if r.Out.Len() != MaxOutput || !r.OutTruncated || r.ErrTruncated || r.Err.String() != "e\n" {
		t.Errorf("out %d truncated %v, err %q %v", r.Out.Len(), r.OutTruncated, r.Err.Bytes(), r.ErrTruncated)
	}
	if !bytes.Equal(r.Out.Bytes()[:10], make([]byte, 10)) {
		t.Error("wrong bytes kept")
	}
}

func TestStartErrors(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "script")
	if err := os.WriteFile(script, []byte("echo from-sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if r := run(t, Spec{Path: script, Capture: CaptureStdout}); r.Out.String() != "from-sh\n" {
		t.Errorf("script without #!: %q", r.Out.Bytes())
	}
	for _, tt := range []struct{ path, want string }{
		{"/nonexistent", "Failed to execute child process \u201c/nonexistent\u201d (No such file or directory)"},
		{"no-such-program-here", "Failed to execute child process \u201cno-such-program-here\u201d (No such file or directory)"},
		{"/etc/passwd", "Failed to execute child process \u201c/etc/passwd\u201d (Permission denied)"},
		{dir, "Failed to execute child process \u201c" + dir + "\u201d (Permission denied)"},
		{"", "Failed to execute child process \u201c\u201d (No such file or directory)"},
	} {
		_, err := NewLinux().Start(Spec{Path: tt.path})
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: %v, want %s", tt.path, err, tt.want)
		}
	}
}

func TestLookPath(t *testing.T) {
	dir := t.TempDir()
	noexec := filepath.Join(dir, "noexec")
	_ = os.WriteFile(noexec, nil, 0o644)
	_ = os.WriteFile(filepath.Join(dir, "prog"), nil, 0o755)
	env := func(path string) func(string) (string, bool) {
		return func(string) (string, bool) { return path, path != "-" }
	}
	for _, tt := range []struct {
		file, path, want string
		err              error
	}{
		{"prog", "/nonexistent:" + dir, dir + "/prog", nil},
		{"noexec", dir, "", syscall.EACCES},
		{"missing", dir, "", syscall.ENOENT},
		{"sh", "-", "/bin/sh", nil}, // PATH unset: GLib's default path
		{"./x", dir, "./x", nil},
	} {
		got, err := lookPath(tt.file, env(tt.path))
		if got != tt.want || err != tt.err {
			t.Errorf("%s in %s: %q %v", tt.file, tt.path, got, err)
		}
	}
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "mysh")
	if err := os.Symlink("/bin/sh", link); err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.EvalSymlinks("/bin/sh")
	l := NewLinux()
	if got, err := l.Resolve(Spec{Path: link}); err != nil || got != want {
		t.Errorf("Resolve(%s) = %q %v, want %q", link, got, err, want)
	}
	if _, err := l.Resolve(Spec{Path: "no-such-program-here"}); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("missing: %v", err)
	}
	// The child's PATH, when its env sets one, is where a name is searched.
	env := Spec{Path: "sh", Env: []string{"PATH=" + dir}, EnvSet: true}
	if _, err := l.Resolve(env); !errors.Is(err, syscall.ENOENT) {
		t.Errorf("sh in env's PATH %s: %v", dir, err)
	}
	env.Env = []string{"FOO=1"}
	if got, err := l.Resolve(env); err != nil || got != want {
		t.Errorf("sh, env without PATH: %q %v", got, err)
	}
}
