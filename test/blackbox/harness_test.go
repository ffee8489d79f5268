package blackbox

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
	"github.com/goqga/goqga/test/agenttest"
)

// agentBin is the agent built once for the whole suite.
var agentBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "goqga-bin")
	if err != nil {
		panic(err)
	}
	if agentBin, err = agenttest.Build(dir, raceEnabled); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// agent is one running agent process.
type agent struct {
	t      testing.TB
	cmd    *exec.Cmd
	sock   string
	state  string
	root   string // the simulated guest's "/" (--sim-root)
	stderr *syncBuffer
	done   chan struct{}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs the agent on a fresh unix socket with extra flags. Its
// simulated guest's root is a fresh directory unless extra has --sim-root.
func start(t testing.TB, extra ...string) *agent {
	t.Helper()
	dir := t.TempDir()
	a := &agent{t: t, sock: filepath.Join(dir, "qga.sock"), state: filepath.Join(dir, "state"),
		root: filepath.Join(dir, "root"), stderr: &syncBuffer{}, done: make(chan struct{})}
	args := []string{"-m", "unix-listen", "-p", a.sock, "-t", a.state, "--os", "sim"}
	if i := slices.Index(extra, "--sim-root"); i >= 0 && i+1 < len(extra) {
		a.root = extra[i+1]
	} else if i := slices.Index(extra, "--os"); i >= 0 && i+1 < len(extra) && extra[i+1] == "linux" {
		a.root = "/" // the real guest (read-only tests)
	} else if err := os.Mkdir(a.root, 0o700); err != nil {
		t.Fatal(err)
	} else {
		args = append(args, "--sim-root", a.root)
	}
	args = append(args, extra...)
	a.cmd = exec.Command(agentBin, args...)
	a.cmd.Stderr = a.stderr
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.cmd.Wait(); close(a.done) }()
	t.Cleanup(a.stop)
	a.waitSocket()
	return a
}

func (a *agent) waitSocket() {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(a.sock); err == nil {
			return
		}
		select {
		case <-a.done:
			a.t.Fatalf("agent exited early: %s", a.stderr)
		case <-time.After(5 * time.Millisecond):
		}
	}
	a.t.Fatalf("agent socket never appeared: %s", a.stderr)
}

func (a *agent) stop() {
	if a.cmd.ProcessState == nil {
		_ = a.cmd.Process.Signal(os.Interrupt)
		select {
		case <-a.done:
		case <-time.After(5 * time.Second):
			_ = a.cmd.Process.Kill()
			<-a.done
		}
	}
	if a.t.Failed() {
		a.t.Logf("agent stderr:\n%s", a.stderr)
	}
}

// host is where the guest path p lies on this machine (under a.root).
func (a *agent) host(p string) string { return filepath.Join(a.root, filepath.Clean("/"+p)) }

// dial connects a client with a short timeout.
func (a *agent) dial() *client.Client {
	a.t.Helper()
	c := client.New(a.conn())
	c.SetTimeout(5 * time.Second)
	a.t.Cleanup(func() { c.Close() })
	return c
}

// conn connects to the agent's socket. The socket file appears at
// bind(2), a moment before listen(2): a connection refused in between is
// retried.
func (a *agent) conn() *net.UnixConn {
	a.t.Helper()
	conn, err := net.Dial("unix", a.sock)
	for i := 0; err != nil && errors.Is(err, syscall.ECONNREFUSED) && i < 200; i++ {
		time.Sleep(5 * time.Millisecond)
		conn, err = net.Dial("unix", a.sock)
	}
	if err != nil {
		a.t.Fatal(err)
	}
	return conn.(*net.UnixConn)
}

// reply reads one reply line and returns it as text.
func reply(t *testing.T, c *client.Client) string {
	t.Helper()
	r, err := c.ReadReply()
	if err != nil {
		t.Fatalf("reading reply: %v", err)
	}
	s := strings.TrimSuffix(string(r.Raw), "\n")
	if r.Delimited {
		s = "\xff" + s
	}
	return s
}

// expect reads replies and compares them with want, in order.
func expect(t *testing.T, c *client.Client, want ...string) {
	t.Helper()
	for i, w := range want {
		if got := reply(t, c); got != w {
			t.Fatalf("reply %d:\n got %q\nwant %q", i, got, w)
		}
	}
}

func write(t *testing.T, c *client.Client, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if err := c.WriteRaw([]byte(p)); err != nil {
			t.Fatal(err)
		}
	}
}

// runAgent runs the agent to completion (for -V, -D, bad flags).
func runAgent(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(agentBin, args...)
	cmd.Env = append(os.Environ(), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}
