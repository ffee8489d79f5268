package blackbox

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

// execDangerous is dangerous without guest-exec: the exec tests run
// harmless programs on the real machine, and nothing else may change it.
var execDangerous = strings.Replace(dangerous, ",guest-exec,", ",", 1) +
	",guest-ssh-add-authorized-keys,guest-ssh-remove-authorized-keys"

// execStatus polls guest-exec-status until the process has exited and
// returns that reply's return value.
func execStatus(t *testing.T, c *client.Client, pid int) map[string]any {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		var st map[string]any
		if err := c.Do("guest-exec-status", map[string]any{"pid": pid}, &st); err != nil {
			t.Fatalf("status of %d: %v", pid, err)
		}
		if st["exited"] == true {
			return st
		}
		if len(st) != 1 {
			t.Fatalf("a running process's status has more than exited: %v", st)
		}
	}
	t.Fatalf("process %d never exited", pid)
	return nil
}

// execRun starts a program and returns its pid.
func execRun(t *testing.T, c *client.Client, args map[string]any) int {
	t.Helper()
	var r struct{ Pid int }
	if err := c.Do("guest-exec", args, &r); err != nil {
		t.Fatalf("guest-exec %v: %v", args, err)
	}
	return r.Pid
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestExecSim(t *testing.T) {
	world := writeWorld(t, `{"programs":{
		"/usr/bin/report":{"stdout":"ok\n","stderr":"warn\n","exitcode":2},
		"/usr/bin/crash":{"signal":11},
		"/bin/cat":{"echo-stdin":true}}}`)
	a, j := startJournaled(t, "--sim-config", world)
	c := a.dial()
	pid := execRun(t, c, map[string]any{"path": "report", "arg": []string{"x"}, "capture-output": "separated"})
	want := map[string]any{"exited": true, "exitcode": 2.0, "out-data": b64("ok\n"), "err-data": b64("warn\n"),
		"out-truncated": false, "err-truncated": false}
	if st := execStatus(t, c, pid); !reflect.DeepEqual(st, want) {
		t.Fatalf("status %v, want %v", st, want)
	}
	pid2 := execRun(t, c, map[string]any{"path": "/usr/bin/crash"})
	if st := execStatus(t, c, pid2); !reflect.DeepEqual(st, map[string]any{"exited": true, "signal": 11.0}) {
		t.Fatalf("crash: %v", st)
	}
	pid3 := execRun(t, c, map[string]any{"path": "/bin/cat", "input-data": b64("in"), "capture-output": "merged"})
	if st := execStatus(t, c, pid3); st["out-data"] != b64("in") {
		t.Fatalf("cat: %v", st)
	}
	call(t, c, `{"execute":"guest-exec","arguments":{"path":"/bin/ls"}}`,
		`{"error":{"class":"GenericError","desc":"Guest agent command failed, error was 'Failed to execute child process “/bin/ls” (No such file or directory)'"}}`)
	p := strconv.Itoa
	j.expect(t, `{"args":1,"op":"exec","path":"/usr/bin/report","pid":`+p(pid)+`}`, `{"exitcode":2,"op":"exit","pid":`+p(pid)+`}`,
		`{"args":0,"op":"exec","path":"/usr/bin/crash","pid":`+p(pid2)+`}`, `{"op":"exit","pid":`+p(pid2)+`,"signal":11}`,
		`{"args":0,"op":"exec","path":"/bin/cat","pid":`+p(pid3)+`}`, `{"exitcode":0,"op":"exit","pid":`+p(pid3)+`}`)
}

// Both commands are refused while frozen.
func TestExecFrozen(t *testing.T) {
	c := start(t).dial()
	call(t, c, freezeReq, `{"return":3}`)
	call(t, c, `{"execute":"guest-exec","arguments":{"path":"/bin/true"}}`,
		`{"error":{"class":"CommandNotFound","desc":"Command guest-exec has been disabled: the agent is in frozen state"}}`)
	call(t, c, `{"execute":"guest-exec-status","arguments":{"pid":4000}}`,
		`{"error":{"class":"CommandNotFound","desc":"Command guest-exec-status has been disabled: the agent is in frozen state"}}`)
	call(t, c, thawReq, `{"return":3}`)
}

// startReal runs the agent with the real backend, everything but exec
// and read-only commands blocked.
func startReal(t *testing.T, extra ...string) *agent {
	return start(t, append([]string{"--os", "linux", "-b", execDangerous}, extra...)...)
}

func TestExecReal(t *testing.T) {
	dir := t.TempDir()
	a := startReal(t)
	c := a.dial()
	pid := execRun(t, c, map[string]any{"path": "/bin/true"})
	if st := execStatus(t, c, pid); !reflect.DeepEqual(st, map[string]any{"exited": true, "exitcode": 0.0}) {
		t.Fatalf("true: %v", st)
	}
	// Answered once, then forgotten.
	call(t, c, `{"execute":"guest-exec-status","arguments":{"pid":`+strconv.Itoa(pid)+`}}`,
		`{"error":{"class":"GenericError","desc":"Invalid parameter 'pid'"}}`)
	// PATH search, env replacing the environment, input on stdin, each
	// capture mode.
	script := `printf '%s|' "$FOO" "$HOME"; cat; echo e >&2; touch ` + dir + `/ran`
	for mode, want := range map[any][2]string{
		true: {"bar||in", "e\n"}, "stdout": {"bar||in", ""}, "stderr": {"", "e\n"},
		"separated": {"bar||in", "e\n"}, "merged": {"bar||ine\n", ""}, "none": {"", ""}, false: {"", ""},
	} {
		pid := execRun(t, c, map[string]any{"path": "sh", "arg": []string{"-c", script}, "env": []string{"FOO=bar"},
			"input-data": b64("in"), "capture-output": mode})
		st := execStatus(t, c, pid)
		out, _ := base64.StdEncoding.DecodeString(str(st["out-data"]))
		errb, _ := base64.StdEncoding.DecodeString(str(st["err-data"]))
		if string(out) != want[0] || string(errb) != want[1] || st["exitcode"] != 0.0 {
			t.Errorf("capture %v: %v (out %q err %q)", mode, st, out, errb)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "ran")); err != nil {
		t.Fatal("the program did not run:", err)
	}
	// The audit lines name the program and pid, never the input.
	waitStderr(t, a, `"exited": true, "exitcode": 0`)
	if log := a.stderr.String(); !strings.Contains(log, `"command": "guest-exec", "path": "/bin/true", "pid": `+strconv.Itoa(pid)) ||
		strings.Contains(log, "bar") || strings.Contains(log, b64("in")) {
		t.Fatalf("log:\n%s", log)
	}
}

// A program the agent starts holds no descriptor of the agent's (its
// socket, its log, a guest file the host opened) and no blocked or
// ignored signal, whatever the agent inherited.
func TestExecChildInheritsNothing(t *testing.T) {
	a := start(t, "--os", "linux", "-b", execDangerous, "--file-allow", t.TempDir())
	c := a.dial()
	for _, tt := range []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"path": "/bin/ls", "arg": []string{"/proc/self/fd"}, "capture-output": true}, "0\n1\n2\n3\n"},
		{map[string]any{"path": "/bin/grep", "arg": []string{"-E", "^Sig(Blk|Ign)", "/proc/self/status"}, "capture-output": true},
			"SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n"},
	} {
		st := execStatus(t, c, execRun(t, c, tt.args))
		if out, _ := base64.StdEncoding.DecodeString(str(st["out-data"])); string(out) != tt.want {
			t.Errorf("%v: %q, want %q", tt.args["arg"], out, tt.want)
		}
	}
}

func str(v any) string { s, _ := v.(string); return s }

func waitStderr(t *testing.T, a *agent, s string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(a.stderr.String(), s) {
			return
		}
	}
	t.Fatalf("log never said %s:\n%s", s, a.stderr)
}

// A background child holding the pipes does not keep the process
// "running" (qemu-ga waits for it): exited comes within the grace, with
// the output read so far, while the child still runs.
func TestExecLingeringChild(t *testing.T) {
	c := startReal(t).dial()
	pid := execRun(t, c, map[string]any{"path": "/bin/sh", "arg": []string{"-c", "sleep 60 & echo $!"}, "capture-output": true})
	defer syscall.Kill(-pid, syscall.SIGKILL) // the sleep is in the process's group
	t0 := time.Now()
	st := execStatus(t, c, pid)
	if d := time.Since(t0); d > 10*time.Second {
		t.Fatalf("exited after %v", d)
	}
	out, _ := base64.StdEncoding.DecodeString(str(st["out-data"]))
	child, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil || st["exitcode"] != 0.0 {
		t.Fatalf("status %v", st)
	}
	if err := syscall.Kill(child, 0); err != nil {
		t.Fatalf("the child is gone: %v", err)
	}
	if pgid, _ := syscall.Getpgid(child); pgid != pid {
		t.Fatalf("child in group %d, want the process's own %d", pgid, pid)
	}
}

// The table holds --exec-max processes, running or uncollected; the
// next is refused until one is collected.
func TestExecTableFull(t *testing.T) {
	c := startReal(t, "--exec-max", "2").dial()
	p1 := execRun(t, c, map[string]any{"path": "/bin/true"})
	p2 := execRun(t, c, map[string]any{"path": "/bin/sleep", "arg": []string{"60"}})
	defer syscall.Kill(p2, syscall.SIGKILL)
	// Refused, whatever the state; once /bin/true's exit is recorded (no
	// status asked, so it cannot be polled for), the error says so.
	full := `{"error":{"class":"GenericError","desc":"guest-exec refused: the process table is full (1 running, 1 finished with results not yet collected by guest-exec-status; --exec-max 2)"}}`
	var got string
	for deadline := time.Now().Add(10 * time.Second); got != full && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		write(t, c, `{"execute":"guest-exec","arguments":{"path":"/bin/true"}}`)
		if got = reply(t, c); !strings.HasPrefix(got, `{"error":{"class":"GenericError","desc":"guest-exec refused: the process table is full (`) {
			t.Fatalf("a third process: %s", got)
		}
	}
	if got != full {
		t.Fatalf("got %s, want %s", got, full)
	}
	execStatus(t, c, p1)
	p3 := execRun(t, c, map[string]any{"path": "/bin/true"})
	execStatus(t, c, p3)
}

// An uncollected result is dropped after --exec-ttl.
func TestExecTTL(t *testing.T) {
	a := startReal(t, "--exec-ttl", "200ms")
	c := a.dial()
	pid := execRun(t, c, map[string]any{"path": "/bin/true"})
	waitStderr(t, a, "nobody collected it in time")
	call(t, c, `{"execute":"guest-exec-status","arguments":{"pid":`+strconv.Itoa(pid)+`}}`,
		`{"error":{"class":"GenericError","desc":"Invalid parameter 'pid'"}}`)
}

// --exec-allow compares resolved paths: a link to an allowed program
// runs, anything else is refused naming the policy.
func TestExecAllow(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "e")
	if err := os.Symlink("/bin/echo", link); err != nil {
		t.Fatal(err)
	}
	tru, _ := filepath.EvalSymlinks("/bin/true")
	c := startReal(t, "--exec-allow", "/bin/echo").dial()
	pid := execRun(t, c, map[string]any{"path": link, "arg": []string{"x"}, "capture-output": true})
	if st := execStatus(t, c, pid); st["out-data"] != b64("x\n") {
		t.Fatalf("link to echo: %v", st)
	}
	call(t, c, `{"execute":"guest-exec","arguments":{"path":"true"}}`,
		`{"error":{"class":"GenericError","desc":"guest-exec refused by policy: \"true\" (resolved: `+tru+`) is not in the agent's --exec-allow list"}}`)
}
