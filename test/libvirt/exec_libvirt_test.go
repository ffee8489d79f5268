//go:build libvirt

package libvirt

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

type execStatus struct {
	Exited   bool   `json:"exited"`
	ExitCode *int   `json:"exitcode"`
	OutData  string `json:"out-data"`
	ErrData  string `json:"err-data"`
}

// testExec: guest-exec through qemu-agent-command (libvirt has no call
// of its own for it) runs a program in the guest: it left its mark in
// /tmp, and guest-exec-status gives its exit code and both outputs.
func testExec(t *testing.T, g *Guest) {
	sh(t, g, "rm -f /tmp/exec-ran")
	var started struct {
		PID int `json:"pid"`
	}
	agentCmd(t, g, "guest-exec", map[string]any{"path": "/bin/sh", "capture-output": true,
		"arg": []string{"-c", "echo ran > /tmp/exec-ran; echo out; echo err >&2; exit 3"}}, &started)
	if started.PID <= 0 {
		t.Fatalf("guest-exec: pid %d", started.PID)
	}
	var st execStatus
	eventually(t, time.Minute, "the program exits", func() bool {
		agentCmd(t, g, "guest-exec-status", map[string]any{"pid": started.PID}, &st)
		return st.Exited
	})
	out, _ := base64.StdEncoding.DecodeString(st.OutData)
	errs, _ := base64.StdEncoding.DecodeString(st.ErrData)
	if st.ExitCode == nil || *st.ExitCode != 3 || string(out) != "out\n" || string(errs) != "err\n" {
		t.Fatalf("guest-exec-status: %+v (out %q, err %q), want exit code 3, out\\n, err\\n", st, out, errs)
	}
	if ran := strings.TrimSpace(sh(t, g, "cat /tmp/exec-ran")); ran != "ran" {
		t.Fatalf("/tmp/exec-ran holds %q", ran)
	}
}
