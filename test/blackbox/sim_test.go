package blackbox

import (
	"bytes"
	"crypto/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// TestSimDefaultRootIsPrivate: without --sim-root the simulated guest's
// files live in a private temporary directory, never the host's own: a
// host file is not there to read, a write never reaches the host path,
// and the directory is gone once the agent exits.
func TestSimDefaultRootIsPrivate(t *testing.T) {
	tmp := t.TempDir()
	dir := t.TempDir()
	a := &agent{t: t, sock: filepath.Join(dir, "qga.sock"), state: filepath.Join(dir, "state"),
		stderr: &syncBuffer{}, done: make(chan struct{})}
	a.cmd = exec.Command(agentBin, "-m", "unix-listen", "-p", a.sock, "-t", a.state, "--os", "sim")
	a.cmd.Env = append(os.Environ(), "TMPDIR="+tmp) // where the private root goes
	a.cmd.Stderr = a.stderr
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.cmd.Wait(); close(a.done) }()
	t.Cleanup(a.stop)
	a.waitSocket()
	f := files(t, a)

	hostFile := filepath.Join(t.TempDir(), "host-file")
	os.WriteFile(hostFile, []byte("host"), 0o644)
	f.expect("guest-file-open", `{"path":"`+hostFile+`"}`,
		gerr("failed to open file '"+hostFile+"' (mode: 'r'): No such file or directory"))
	probe := filepath.Join(t.TempDir(), "probe")
	f.expect("guest-file-open", `{"path":"`+probe+`","mode":"w"}`,
		gerr("failed to open file '"+probe+"' (mode: 'w'): No such file or directory"))
	h := f.open("/created", "w")
	f.close(h)
	if _, err := os.Stat("/created"); err == nil {
		t.Fatal("the simulated guest wrote the host's /created")
	}
	roots, _ := filepath.Glob(filepath.Join(tmp, "goqga-sim-root-*"))
	if len(roots) != 1 {
		t.Fatalf("private roots: %v", roots)
	}
	if fi, err := os.Stat(filepath.Join(roots[0], "created")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the guest's /created: %v, %v", fi, err)
	}
	if fi, _ := os.Stat(roots[0]); fi.Mode().Perm() != 0o700 {
		t.Errorf("the private root is %v, want 0700", fi.Mode())
	}
	a.stop()
	if _, err := os.Stat(roots[0]); !os.IsNotExist(err) {
		t.Errorf("the private root outlived the agent: %v", err)
	}
}

// TestQgaCopiesAndFreezes: qga's flows against the real agent: a file
// copied in and out again through guest-file-*, byte for byte, a freeze,
// its status and a thaw of the simulated guest, and programs run with
// their output and exit status.
func TestQgaCopiesAndFreezes(t *testing.T) {
	qga := filepath.Join(t.TempDir(), "qga")
	if out, err := exec.Command("go", "build", "-o", qga, "../../cmd/qga").CombinedOutput(); err != nil {
		t.Fatalf("building qga: %v\n%s", err, out)
	}
	a := start(t)
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(qga, append([]string{"-s", a.sock, "-t", "30s"}, args...)...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("qga %v: %v\n%s", args, err, errb.String())
		}
		return out.String()
	}
	data := make([]byte, 3<<20+12345)
	rand.Read(data)
	local := filepath.Join(t.TempDir(), "in")
	os.WriteFile(local, data, 0o600)
	run("put", local, "/copy")
	if got, _ := os.ReadFile(a.host("/copy")); !bytes.Equal(got, data) {
		t.Fatalf("the guest has %d bytes, want %d", len(got), len(data))
	}
	back := filepath.Join(t.TempDir(), "out")
	run("get", "/copy", back)
	if got, _ := os.ReadFile(back); !bytes.Equal(got, data) {
		t.Fatalf("copied out %d bytes, want %d", len(got), len(data))
	}
	if got := run("freeze"); got != "frozen: 3 filesystems\n" {
		t.Errorf("freeze: %q", got)
	}
	if got := run("freeze-status"); got != "frozen\n" {
		t.Errorf("freeze-status: %q", got)
	}
	if got := run("thaw"); got != "thawed: 3 filesystems\n" {
		t.Errorf("thaw: %q", got)
	}
	if got := run("exec", "--", "/bin/echo", "hello", "guest"); got != "hello guest\n" {
		t.Errorf("exec echo: %q", got)
	}
	cmd := exec.Command(qga, "-s", a.sock, "exec", "/bin/false")
	if err := cmd.Run(); cmd.ProcessState.ExitCode() != 1 {
		t.Errorf("exec /bin/false: %v, exit %d; want the program's status, 1", err, cmd.ProcessState.ExitCode())
	}
	if got := run("info"); !regexp.MustCompile(`(?m)^guest-shutdown +yes +no$`).MatchString(got) {
		t.Errorf("info:\n%s", got)
	}
}
