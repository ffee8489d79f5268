package blackbox

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// compatConf is a qemu-ga config file as an operator switching agents
// might have: the deprecated blacklist key, a key neither agent knows, a
// group neither reads, and options of ours that qemu-ga ignores.
const compatConf = `[general]
method=unix-listen
path=%s
blacklist=guest-ping
max-handles=7
file-mode=0640
future-key=1
[other]
x=y
`

// TestQemuGAConfigFileServesBoth: the same file starts qemu-ga and goqga;
// goqga warns about what it ignores, honours blacklist and its own keys,
// and -D shows every effective option.
func TestQemuGAConfigFileServesBoth(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "qemu-ga.conf")
	sock := filepath.Join(dir, "qga.sock")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(compatConf, sock)), 0o644); err != nil {
		t.Fatal(err)
	}
	needQemuGA(t)
	qga := exec.Command(qemuGA, "-D") // qemu-ga 7.2 has no -c: QGA_CONF
	qga.Env = append(os.Environ(), "QGA_CONF="+conf)
	theirs, err := qga.CombinedOutput()
	if err != nil || !strings.Contains(string(theirs), "block-rpcs=guest-ping") {
		t.Fatalf("qemu-ga -D with the file: %v\n%s", err, theirs)
	}
	out, errOut, code := runAgent(t, []string{"QGA_CONF=" + conf}, "-D")
	for _, want := range []string{"block-rpcs=guest-ping;", "max-handles=7", "file-mode=0640", "freeze-timeout=10m0s"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("goqga -D lacks %q (exit %d):\n%s%s", want, code, out, errOut)
		}
	}
	for _, want := range []string{`"blacklist" is deprecated`, `unknown key "future-key"`, `unknown group [other]`} {
		if !strings.Contains(errOut, want) {
			t.Errorf("goqga -D stderr lacks the warning %q:\n%s", want, errOut)
		}
	}
	log := &syncBuffer{}
	cmd := exec.Command(agentBin, "-t", filepath.Join(dir, "state"), "--os", "sim", "--sim-root", t.TempDir())
	cmd.Env = append(os.Environ(), "QGA_CONF="+conf)
	cmd.Stderr = log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	c := dialWhenReady(t, sock)
	write(t, c, ping)
	expect(t, c, `{"error":{"class":"CommandNotFound","desc":"Command guest-ping has been disabled"}}`)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(log.String(), `unknown key "future-key"`) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(log.String(), "\twarn\t") || !strings.Contains(log.String(), `unknown key "future-key"`) {
		t.Errorf("the agent's log lacks the warning:\n%s", log.String())
	}
}
