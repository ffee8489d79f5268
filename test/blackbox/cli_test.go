package blackbox

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

func TestVersionHelpAndCommandList(t *testing.T) {
	out, _, code := runAgent(t, nil, "-V")
	if code != 0 || !strings.HasPrefix(out, "goqga ") {
		t.Errorf("-V: %d %q", code, out)
	}
	out, _, code = runAgent(t, nil, "-b", "help")
	for _, n := range []string{"guest-sync-delimited", "guest-sync", "guest-ping", "guest-info"} {
		if code != 0 || !strings.Contains(out, n+"\n") {
			t.Errorf("-b help lacks %s: %q", n, out)
		}
	}
	out, _, code = runAgent(t, nil, "--help")
	if code != 0 || !strings.Contains(out, "--fsfreeze-hook") || !strings.Contains(out, "--faults") {
		t.Errorf("--help: %d %q", code, out)
	}
}

func TestBadStartupIsAnErrorNamingThePart(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-m", "unix-listen", "-p", "/tmp/x.sock", "--faults", "os.freeze=explode"}, "explode"},
		{[]string{"-m", "unix-listen", "-p", "/tmp/x.sock", "--faults", "bogus.point=panic"}, "bogus.point"},
		{[]string{"-m", "carrier-pigeon"}, "carrier-pigeon"},
		{[]string{"-m", "unix-listen"}, "path"},
		{[]string{"-c", "/nonexistent/qemu-ga.conf"}, "/nonexistent/qemu-ga.conf"},
	}
	for _, c := range cases {
		_, errOut, code := runAgent(t, nil, c.args...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want it to name %q", c.args, code, errOut, c.want)
		}
	}
}

func TestConfigFileAndDump(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "qga.conf")
	sock := filepath.Join(dir, "from-file.sock")
	os.WriteFile(conf, []byte(fmt.Sprintf("[general]\nmethod=unix-listen\npath=%s\nblock-rpcs=guest-ping\nverbose=true\n", sock)), 0o644)
	// -D prints the effective config: the file's values plus the flags'.
	out, errOut, code := runAgent(t, []string{"QGA_CONF=" + conf}, "-D", "-b", "guest-info")
	if code != 0 {
		t.Fatalf("-D: %d %s", code, errOut)
	}
	for _, want := range []string{"[general]", "method=unix-listen", "path=" + sock, "verbose=true", "guest-ping", "guest-info"} {
		if !strings.Contains(out, want) {
			t.Errorf("-D output lacks %q:\n%s", want, out)
		}
	}
	// The agent really serves what the file says.
	cmd := exec.Command(agentBin, "-c", conf, "-t", filepath.Join(dir, "state"), "--os", "sim", "--sim-root", t.TempDir())
	cmd.Stderr = &syncBuffer{}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	c := dialWhenReady(t, sock)
	write(t, c, ping)
	expect(t, c, `{"error":{"class":"CommandNotFound","desc":"Command guest-ping has been disabled"}}`)
}

func dialWhenReady(t *testing.T, sock string) *client.Client {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := client.Dial("unix", sock, 5*time.Second)
		if err == nil {
			t.Cleanup(func() { c.Close() })
			return c
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestAllowAndBlockLists(t *testing.T) {
	c := start(t, "-a", "guest-sync,guest-info").dial()
	write(t, c, ping, `{"execute":"guest-sync","arguments":{"id":1}}`)
	expect(t, c, `{"error":{"class":"CommandNotFound","desc":"Command guest-ping has been disabled"}}`, `{"return":1}`)
	r, err := c.Call("guest-info", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(r.Return), `{"name":"guest-ping","enabled":false,"success-response":true}`) {
		t.Errorf("guest-info does not show guest-ping disabled: %s", r.Return)
	}
}

// A panic inside a domain actor answers that request with an error and
// the actor is restarted: the next request works.
func TestActorCrashIsAnsweredAndRestarted(t *testing.T) {
	a := start(t, "--faults", "actor.core@guest-ping=panic*2")
	c := a.dial()
	write(t, c, ping, `{"execute":"guest-sync","arguments":{"id":5}}`, ping, ping)
	r1, r2, r3, r4 := reply(t, c), reply(t, c), reply(t, c), reply(t, c)
	if !strings.Contains(r1, "internal error: the core domain failed while handling guest-ping") ||
		!strings.Contains(r3, "internal error") {
		t.Errorf("crash replies: %s / %s", r1, r3)
	}
	if r2 != `{"return":5}` || r4 != `{"return":{}}` {
		t.Errorf("after restart: %s / %s", r2, r4)
	}
	// The supervisor logs the restart after the crash's reply has left.
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(a.stderr.String(), "domain actor failed; restarting"); {
		if time.Now().After(deadline) {
			t.Fatalf("restart not logged:\n%s", a.stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestChannelWriteFaults(t *testing.T) {
	c := start(t, "--faults", "channel.write=drop*1").dial()
	write(t, c, ping)
	// The first batch of replies is dropped (it may hold the sync's reply
	// too, if they were batched): a host that retries its resync, as
	// libvirt does, gets through.
	c.SetTimeout(time.Second)
	var err error
	for try := 0; try < 3; try++ {
		if err = c.Sync(); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	c.SetTimeout(5 * time.Second)
	write(t, c, ping)
	expect(t, c, `{"return":{}}`)
}

func TestLogFile(t *testing.T) {
	log := filepath.Join(t.TempDir(), "agent.log")
	c := start(t, "-l", log, "-v").dial()
	write(t, c, "}")
	reply(t, c)
	b, err := os.ReadFile(log)
	if err != nil || !strings.Contains(string(b), "goqga serving") {
		t.Fatalf("log file: %v %q", err, b)
	}
}

func TestDaemonizeWritesPidfile(t *testing.T) {
	dir := t.TempDir()
	sock, pidf := filepath.Join(dir, "d.sock"), filepath.Join(dir, "run", "qga.pid")
	_, errOut, code := runAgent(t, nil, "-d", "-m", "unix-listen", "-p", sock, "-f", pidf, "-t", dir, "--os", "sim", "--sim-root", t.TempDir())
	if code != 0 {
		t.Fatalf("-d: exit %d: %s", code, errOut)
	}
	b, err := os.ReadFile(pidf)
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	proc, _ := os.FindProcess(pid)
	defer proc.Kill()
	c := dialWhenReady(t, sock)
	write(t, c, ping)
	expect(t, c, `{"return":{}}`)
	// A second daemon on the same pidfile refuses to start.
	_, errOut, code = runAgent(t, nil, "-d", "-m", "unix-listen", "-p", sock+"2", "-f", pidf, "-t", dir, "--os", "sim")
	if code == 0 || !strings.Contains(errOut, "pid file") {
		t.Errorf("second daemon: exit %d %q", code, errOut)
	}
	proc.Signal(os.Interrupt)
}

// Systemd socket activation: the listening socket arrives as fd 3.
func TestSocketActivation(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "act.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	ul := l.(*net.UnixListener)
	ul.SetUnlinkOnClose(false)
	f, _ := ul.File()
	l.Close()
	cmd := exec.Command("/bin/sh", "-c", `LISTEN_PID=$$ LISTEN_FDS=1 exec "$0" -m unix-listen -t "$1" --os sim --sim-root "$2"`,
		agentBin, t.TempDir(), t.TempDir())
	cmd.ExtraFiles = []*os.File{f}
	errb := &syncBuffer{}
	cmd.Stderr = errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	c := dialWhenReady(t, sock)
	write(t, c, ping)
	expect(t, c, `{"return":{}}`)
	if t.Failed() {
		t.Log(errb)
	}
}

// unix-listen serves one client at a time, like qemu-ga: the second waits
// in the backlog until the first leaves.
func TestOneClientAtATime(t *testing.T) {
	a := start(t)
	c1 := a.dial()
	c2 := a.dial()
	write(t, c2, ping)
	c2.SetTimeout(200 * time.Millisecond)
	if _, err := c2.ReadReply(); err == nil {
		t.Fatal("second client answered while the first is connected")
	}
	write(t, c1, ping)
	expect(t, c1, `{"return":{}}`)
	c1.Close()
	c2.SetTimeout(5 * time.Second)
	expect(t, c2, `{"return":{}}`)
}

// Temporary files of state writes interrupted by a kill are removed at
// start-up (20 SIGKILLs used to leave 11), and only they.
func TestStaleStateTempFilesRemoved(t *testing.T) {
	a := start(t)
	a.dial().Close()
	a.cmd.Process.Kill()
	<-a.done
	stale := []string{".qga.state.2814756", ".qga.state.isfrozen.99"}
	for _, n := range append([]string{"other.123"}, stale...) {
		if err := os.WriteFile(filepath.Join(a.state, n), []byte("1000"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	b := start(t, "-t", a.state)
	c := b.dial()
	write(t, c, `{"execute":"guest-sync","arguments":{"id":1}}`)
	expect(t, c, `{"return":1}`)
	for _, n := range stale {
		if _, err := os.Stat(filepath.Join(a.state, n)); err == nil {
			t.Errorf("%s still in the state directory", n)
		}
	}
	if _, err := os.Stat(filepath.Join(a.state, "other.123")); err != nil {
		t.Errorf("another file was removed: %v", err)
	}
}
