package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestFlowNamesListed(t *testing.T) {
	listed := strings.Split(flowNames, ", ")
	slices.Sort(listed)
	if !slices.Equal(listed, sortedFlowNames()) {
		t.Fatalf("flowNames %v, flows %v", listed, sortedFlowNames())
	}
}

func TestArgsFromFileAndStdin(t *testing.T) {
	f := fake(t)
	big := `{"buf-b64":"` + strings.Repeat("QUFB", 1<<20) + `"}` // 4 MiB: more than a command line takes
	file := filepath.Join(t.TempDir(), "args.json")
	os.WriteFile(file, []byte(big), 0o600)
	if r := runWith(nil, "-s", f.Path, "--raw", "guest-echo", "@"+file); r.code != exitOK || r.stdout != `{"return":`+big+"}\n" {
		t.Fatalf("@file: code %d, %d bytes out, stderr %q", r.code, len(r.stdout), r.stderr)
	}
	runIn(`{"a": 1}`, nil, "-s", f.Path, "guest-echo", "-").check(t, exitOK, "\"a\": 1", "")
	runWith(nil, "-s", f.Path, "guest-echo", "@"+file+".missing").check(t, exitUsage, "", "no such file")
	runIn(`[1]`, nil, "-s", f.Path, "guest-echo", "-").check(t, exitUsage, "", "must be a JSON object")
}

func TestRawPrintsTheLine(t *testing.T) {
	f := fake(t)
	runWith(nil, "-s", f.Path, "--raw", "guest-echo", `{"x": [1, 2]}`).check(t, exitOK, "{\"return\":{\"x\":[1,2]}}\n", "")
	r := runWith(nil, "-s", f.Path, "--raw", "guest-nope")
	r.check(t, exitReply, `{"error":{"class":"CommandNotFound","desc":"The command guest-nope has not been found"}}`+"\n", "")
}

func TestVsockAddress(t *testing.T) {
	// CID 1 is the local CID; nothing listens on this port, and a machine
	// without vsock refuses the socket: either way, the vsock path is taken.
	r := runWith(nil, "-s", "1:4294967", "-t", "0.5", "guest-ping")
	r.check(t, exitIO, "", "vsock")
	if !vsockAddr.MatchString("vsock:3:4444") || vsockAddr.MatchString("/run/qga.sock") || vsockAddr.MatchString("3:x") {
		t.Fatal("vsockAddr matches the wrong addresses")
	}
}

func TestGetAndPut(t *testing.T) {
	g, f := startFakeGuest(t)
	g.maxWrite = 300 << 10                                    // short writes: qga must send the rest
	data := bytes.Repeat([]byte("0123456789abcdef"), 200<<10) // 3.2 MiB: several chunks
	dir := t.TempDir()
	local := filepath.Join(dir, "in.bin")
	os.WriteFile(local, data, 0o600)
	runWith(nil, "-s", f.Path, "put", local, "/tmp/x.bin").check(t, exitOK, "", "")
	if !bytes.Equal(g.files["/tmp/x.bin"], data) {
		t.Fatalf("the guest got %d bytes, want %d", len(g.files["/tmp/x.bin"]), len(data))
	}
	out := filepath.Join(dir, "out.bin")
	r := runWith(nil, "-s", f.Path, "--progress", "always", "get", "/tmp/x.bin", out)
	r.check(t, exitOK, "", "x.bin: 3.1 MiB / 3.1 MiB (100%)")
	if got, _ := os.ReadFile(out); !bytes.Equal(got, data) {
		t.Fatalf("copied out %d bytes, want %d", len(got), len(data))
	}
	runIn("from stdin", nil, "-s", f.Path, "put", "-", "/s").check(t, exitOK, "", "")
	runWith(nil, "-s", f.Path, "get", "/s", "-").check(t, exitOK, "from stdin", "")
	if len(g.handles) != 0 {
		t.Fatalf("handles left open: %v", g.handles)
	}
}

func TestGetFailureLeavesNothing(t *testing.T) {
	_, f := startFakeGuest(t)
	out := filepath.Join(t.TempDir(), "out")
	runWith(nil, "-s", f.Path, "get", "/missing", out).check(t, exitReply, "", "guest-file-open: GenericError: failed to open file '/missing'")
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("a failed copy left %s", out)
	}
	runWith(nil, "-s", f.Path, "get").check(t, exitUsage, "", "get takes GUEST-PATH")
}

func TestExecFlow(t *testing.T) {
	g, f := startFakeGuest(t)
	b64 := base64.StdEncoding.EncodeToString
	g.statuses = []map[string]any{
		{"exited": false},
		{"exited": true, "exitcode": 3, "out-data": b64([]byte("out\n")), "err-data": b64([]byte("err\n")), "err-truncated": true},
	}
	r := runIn("input", nil, "-s", f.Path, "exec", "--stdin", "--env", "A=1", "--poll", "1ms", "--", "/bin/sh", "-c", "exit 3")
	r.check(t, 3, "out\n", "err\nqga: exec: the agent kept only the start of the program's stderr")
	var sent struct {
		Path    string   `json:"path"`
		Arg     []string `json:"arg"`
		Env     []string `json:"env"`
		Input   string   `json:"input-data"`
		Capture bool     `json:"capture-output"`
	}
	json.Unmarshal(g.exec, &sent)
	if sent.Path != "/bin/sh" || !slices.Equal(sent.Arg, []string{"-c", "exit 3"}) || !slices.Equal(sent.Env, []string{"A=1"}) || sent.Input != b64([]byte("input")) || !sent.Capture {
		t.Fatalf("guest-exec got %s", g.exec)
	}
	g.statuses = []map[string]any{{"exited": true, "signal": 9}}
	runWith(nil, "-s", f.Path, "exec", "/bin/sleep", "100").check(t, 128+9, "", "")
	g.statuses = nil // guest-exec-status fails: qga's own failure is 255
	runWith(nil, "-s", f.Path, "exec", "/bin/true").check(t, exitExecFailed, "", "guest-exec-status: GenericError")
	runWith(nil, "-s", f.Path, "exec").check(t, exitExecFailed, "", "expected PROGRAM")
}

func TestFreezeFlows(t *testing.T) {
	g, f := startFakeGuest(t)
	runWith(nil, "-s", f.Path, "freeze").check(t, exitOK, "frozen: 2 filesystems\n", "")
	runWith(nil, "-s", f.Path, "freeze-status").check(t, exitOK, "frozen\n", "")
	runWith(nil, "-s", f.Path, "thaw").check(t, exitOK, "thawed: 2 filesystems\n", "")
	runWith(nil, "-s", f.Path, "freeze", "/mnt/data0").check(t, exitOK, "frozen: 1 filesystems\n", "")
	if !g.frozen {
		t.Fatal("freeze-list did not reach the guest")
	}
	runWith(nil, "-s", f.Path, "thaw", "extra").check(t, exitUsage, "", "thaw takes")
}

func TestInfoAndCompletion(t *testing.T) {
	f := fake(t)
	runWith(nil, "-s", f.Path, "info").check(t, exitOK, "version: fake\nCOMMAND  ENABLED  REPLIES\n", "")
	r := runWith(nil, "completion", "bash") // no socket needed
	r.check(t, exitOK, "complete -o default -F _qga qga", "")
	for _, name := range sortedFlowNames() {
		if !strings.Contains(r.stdout, name) {
			t.Errorf("the completion script lacks %s", name)
		}
	}
	runWith(nil, "completion", "fish").check(t, exitUsage, "", "completion takes bash or zsh")
}
