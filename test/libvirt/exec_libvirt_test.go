//go:build libvirt

package libvirt

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
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

// bigRead is a file size whose guest-file-read reply (base64, 4/3 of
// it) comes close to the largest that qemu-agent-command carries: a
// string of libvirt's RPC holds at most 4 MiB (a 7 MiB read fails in
// libvirtd, "Unable to encode message payload", whatever the agent).
const bigRead = 3000000

// testLargeReply: a 3 MB guest-file-read (a 4 MB reply line) comes
// through libvirt whole: its bytes hash as the guest's sha256sum says,
// and the agent answers libvirt after it.
func testLargeReply(t *testing.T, g *Guest) {
	sum := strings.Fields(sh(t, g, fmt.Sprintf("dd if=/dev/urandom of=/tmp/big bs=%d count=1 2>/dev/null && sha256sum /tmp/big", bigRead)))
	t.Cleanup(func() { g.Ctl.Run("rm -f /tmp/big", time.Minute) })
	var handle int
	agentCmd(t, g, "guest-file-open", map[string]any{"path": "/tmp/big"}, &handle)
	defer g.Agent("guest-file-close", map[string]any{"handle": handle})
	var r struct {
		Count int    `json:"count"`
		Buf   string `json:"buf-b64"`
	}
	agentCmd(t, g, "guest-file-read", map[string]any{"handle": handle, "count": bigRead}, &r)
	data, err := base64.StdEncoding.DecodeString(r.Buf)
	if err != nil || r.Count != bigRead || len(data) != bigRead {
		t.Fatalf("guest-file-read: count %d, %d bytes decoded (%v), want %d", r.Count, len(data), err, bigRead)
	}
	if got := fmt.Sprintf("%x", sha256.Sum256(data)); len(sum) == 0 || got != sum[0] {
		t.Fatalf("the bytes read hash to %s, the guest's sha256sum says %v", got, sum)
	}
	if err := g.WaitAgent(10 * time.Second); err != nil {
		t.Fatal(err)
	}
}
