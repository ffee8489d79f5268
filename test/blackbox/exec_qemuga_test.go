package blackbox

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

// execOutcome is what a host learns from one guest-exec: the error, or
// the status once exited, and what a second status of the pid says.
type execOutcome struct {
	Err    *client.Error
	Status map[string]any
	Again  *client.Error
}

func execOnce(t *testing.T, c *client.Client, args map[string]any) execOutcome {
	t.Helper()
	r, err := c.Call("guest-exec", args)
	if err != nil {
		t.Fatal(err)
	}
	if r.Error != nil {
		return execOutcome{Err: r.Error}
	}
	var started struct{ Pid int }
	if err := r.Decode(&started); err != nil {
		t.Fatal(err)
	}
	o := execOutcome{Status: execStatus(t, c, started.Pid)}
	if r, err = c.Call("guest-exec-status", map[string]any{"pid": started.Pid}); err != nil {
		t.Fatal(err)
	}
	o.Again = r.Error
	return o
}

// TestExecMatchesQemuGA runs the same harmless programs through Debian's
// qemu-ga and ours (real backend) and compares what a host gets back:
// status members and values, error classes and texts. 7.2 knows only the
// boolean capture-output.
func TestExecMatchesQemuGA(t *testing.T) {
	needQemuGA(t)
	theirSock, _ := startQemuGABlocking(t, execDangerous)
	theirs := dialSock(t, theirSock)
	ours := startReal(t).dial()
	ours.SetTimeout(30 * time.Second)
	sh := func(script string, capture bool) map[string]any {
		return map[string]any{"path": "/bin/sh", "arg": []string{"-c", script}, "capture-output": capture}
	}
	cases := []map[string]any{
		{"path": "/bin/echo", "arg": []string{"hi"}, "capture-output": true},
		{"path": "sh", "arg": []string{"-c", "echo out; echo err >&2; exit 3"}, "capture-output": true},
		sh("echo only-err >&2", true),
		sh("kill -9 $$", false),
		sh("exit 255", false),
		{"path": "/bin/true"},
		{"path": "/bin/echo", "arg": []string{"x"}, "capture-output": false},
		{"path": "cat", "input-data": "aGVs\nbG8=", "capture-output": true},
		{"path": "/bin/sh", "arg": []string{"-c", `printf '%s|' "$FOO" "$HOME"; readlink /proc/self/fd/0`}, "env": []string{"FOO=bar"}, "capture-output": true},
		{"path": "echo", "arg": []string{"agent's PATH"}, "env": []string{"PATH=/nonexistent"}, "capture-output": true},
		sh("head -c 17000000 /dev/zero; echo e >&2", true), // out-truncated
		{"path": "/nonexistent"},
		{"path": "no-such-program-anywhere"},
		{"path": "/etc/passwd"},
		{"path": "/tmp"},
		{"path": ""},
		{"path": "/bin/true", "input-data": "!!"},
	}
	for _, args := range cases {
		a, b := execOnce(t, theirs, args), execOnce(t, ours, args)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%v:\nqemu-ga %s\ngoqga   %s", args, short(a), short(b))
		}
	}
	for _, pid := range []int{1, 999999} {
		ra, _ := theirs.Call("guest-exec-status", map[string]any{"pid": pid})
		rb, _ := ours.Call("guest-exec-status", map[string]any{"pid": pid})
		if ra == nil || rb == nil || !reflect.DeepEqual(ra.Error, rb.Error) || ra.Error == nil {
			t.Errorf("status of unknown pid %d: qemu-ga %+v, goqga %+v", pid, ra, rb)
		}
	}
}

// short prints an outcome without megabytes of base64.
func short(o execOutcome) string {
	s := map[string]any{}
	for k, v := range o.Status {
		if str, ok := v.(string); ok && len(str) > 64 {
			v = fmt.Sprintf("%s... (%d chars)", str[:32], len(str))
		}
		s[k] = v
	}
	return fmt.Sprintf("err %+v status %v again %+v", o.Err, s, o.Again)
}

func dialSock(t *testing.T, sock string) *client.Client {
	t.Helper()
	c, err := client.Dial("unix", sock, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c.SetTimeout(30 * time.Second)
	t.Cleanup(func() { c.Close() })
	return c
}
