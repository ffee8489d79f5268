package blackbox

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

// TestSystemdNotify: under a Type=notify unit ($NOTIFY_SOCKET) the agent
// sends READY=1 once it serves (a ping right after it is answered), from
// its own pid, and does not detach even when the config says daemon=true;
// SIGTERM sends STOPPING=1.
func TestSystemdNotify(t *testing.T) {
	dir := t.TempDir()
	notify := filepath.Join(dir, "notify.sock")
	ln, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: notify, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	sock := filepath.Join(dir, "qga.sock")
	conf := filepath.Join(dir, "qemu-ga.conf")
	if err := os.WriteFile(conf, []byte("[general]\ndaemon=true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(agentBin, "-c", conf, "-m", "unix-listen", "-p", sock, "-t", filepath.Join(dir, "state"), "--os", "sim", "--sim-root", t.TempDir())
	cmd.Env = append(os.Environ(), "NOTIFY_SOCKET="+notify)
	log := &syncBuffer{}
	cmd.Stderr = log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	if msg := readNotify(t, ln); msg != "READY=1" {
		t.Fatalf("first notification %q, want READY=1", msg)
	}
	c, err := client.Dial("unix", sock, 5*time.Second) // one try: ready means serving
	if err != nil {
		t.Fatalf("ready, but: %v", err)
	}
	defer c.Close()
	write(t, c, ping)
	expect(t, c, `{"return":{}}`)
	if cmd.ProcessState != nil || !strings.Contains(log.String(), "daemonize ignored") {
		t.Errorf("the agent detached or did not say why not:\n%s", log.String())
	}
	cmd.Process.Signal(os.Interrupt)
	if msg := readNotify(t, ln); msg != "STOPPING=1" {
		t.Errorf("on SIGINT: %q, want STOPPING=1", msg)
	}
}

func readNotify(t *testing.T, ln *net.UnixConn) string {
	t.Helper()
	ln.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 256)
	n, err := ln.Read(buf)
	if err != nil {
		t.Fatalf("no notification: %v", err)
	}
	return string(buf[:n])
}
