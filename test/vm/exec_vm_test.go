//go:build vm

package vm

import (
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goqga/goqga/client"
)

type execStatus struct {
	Exited       bool   `json:"exited"`
	ExitCode     *int   `json:"exitcode"`
	Signal       *int   `json:"signal"`
	OutData      []byte `json:"out-data"`
	ErrData      []byte `json:"err-data"`
	OutTruncated *bool  `json:"out-truncated"`
	ErrTruncated *bool  `json:"err-truncated"`
}

// execWait starts a program and polls its status until it has exited.
func execWait(t *testing.T, c *client.Client, args map[string]any) (int, execStatus, time.Duration) {
	t.Helper()
	var started struct{ Pid int }
	do(t, c, "guest-exec", args, &started)
	t0 := time.Now()
	var st execStatus
	eventually(t, time.Minute, "the process exits", func() bool {
		st = execStatus{}
		do(t, c, "guest-exec-status", map[string]any{"pid": started.Pid}, &st)
		return st.Exited
	})
	return started.Pid, st, time.Since(t0)
}

// testExec: each capture mode, exit codes and signals, input, and a
// child left holding the pipes, in a real guest.
func testExec(t *testing.T, g *Guest) {
	c := agent(t, g)
	script := "cat; echo out; echo err >&2; exit 3"
	for mode, want := range map[any][2]string{
		"none": {"", ""}, "stdout": {"inout\n", ""}, "stderr": {"", "err\n"},
		"separated": {"inout\n", "err\n"}, "merged": {"inout\nerr\n", ""}, true: {"inout\n", "err\n"},
	} {
		_, st, _ := execWait(t, c, map[string]any{"path": "sh", "arg": []string{"-c", script},
			"input-data": base64.StdEncoding.EncodeToString([]byte("in")), "capture-output": mode})
		if string(st.OutData) != want[0] || string(st.ErrData) != want[1] || st.ExitCode == nil || *st.ExitCode != 3 {
			t.Errorf("capture %v: out %q err %q exit %v", mode, st.OutData, st.ErrData, st.ExitCode)
		}
	}
	if _, st, _ := execWait(t, c, map[string]any{"path": "/bin/sh", "arg": []string{"-c", "kill -9 $$"}}); st.Signal == nil || *st.Signal != 9 {
		t.Errorf("killed: %+v", st)
	}
	// A background child keeps the pipes; the process itself has exited.
	pid, st, took := execWait(t, c, map[string]any{"path": "/bin/sh", "arg": []string{"-c", "sleep 300 & echo $!"}, "capture-output": true})
	child := strings.TrimSpace(string(st.OutData))
	if _, err := strconv.Atoi(child); err != nil || took > 20*time.Second {
		t.Fatalf("lingering child: status %+v after %v", st, took)
	}
	sh(t, g, "kill -0 "+child)                                   // still running
	sh(t, g, "kill -9 -"+strconv.Itoa(pid)+" || kill -9 "+child) // its group is the process's
	refused(t, c, "guest-exec-status", map[string]any{"pid": pid}, "GenericError", "Invalid parameter 'pid'")
	sameExecAsQemuGA(t, c, refAgent(t, g))
}

// execOutcome is what a host learns from one guest-exec: its error, or
// the status once exited.
func execOutcome(t *testing.T, c *client.Client, args map[string]any) (errReply *client.Error, status map[string]any) {
	t.Helper()
	r, err := c.Call("guest-exec", args)
	if err != nil {
		t.Fatal(err)
	}
	if r.Error != nil {
		return r.Error, nil
	}
	var started struct{ Pid int }
	if err := r.Decode(&started); err != nil {
		t.Fatal(err)
	}
	eventually(t, time.Minute, "the process exits", func() bool {
		status = nil
		do(t, c, "guest-exec-status", map[string]any{"pid": started.Pid}, &status)
		return status["exited"] == true
	})
	return nil, status
}

// sameExecAsQemuGA: in the same guest, goqga and Debian's qemu-ga 7.2
// answer the same programs alike (busybox's sh, echo, cat, kill).
func sameExecAsQemuGA(t *testing.T, ours, ref *client.Client) {
	for _, args := range []map[string]any{
		{"path": "echo", "arg": []string{"hi"}, "capture-output": true},
		{"path": "/bin/sh", "arg": []string{"-c", "cat; echo o; echo e >&2; exit 4"}, "input-data": "aW4=", "capture-output": true},
		{"path": "/bin/sh", "arg": []string{"-c", "kill -9 $$"}},
		{"path": "/bin/sh", "arg": []string{"-c", "echo $FOO"}, "env": []string{"FOO=bar"}, "capture-output": true},
		{"path": "/nonexistent"},
		{"path": "/bin/true", "input-data": "!!"},
	} {
		e1, s1 := execOutcome(t, ref, args)
		e2, s2 := execOutcome(t, ours, args)
		if d := cmp.Diff(e1, e2); d != "" {
			t.Errorf("%v: errors differ (-qemu-ga +goqga):\n%s", args, d)
		}
		if d := cmp.Diff(s1, s2); d != "" {
			t.Errorf("%v: statuses differ (-qemu-ga +goqga):\n%s", args, d)
		}
	}
}
