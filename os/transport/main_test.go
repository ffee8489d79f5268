//go:build linux

package transport

import (
	"errors"
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"
	"go.uber.org/zap"
	"golang.org/x/sys/unix"
)

func TestMain(m *testing.M) {
	if os.Getenv(systemdChildEnv) != "" {
		os.Exit(systemdChild())
	}
	goleak.VerifyTestMain(m)
}

const wait = 5 * time.Second // generous upper bound for things that should be prompt

type acceptResult struct {
	c   Conn
	err error
}

func acceptAsync(l Listener) <-chan acceptResult {
	ch := make(chan acceptResult, 1)
	go func() {
		c, err := l.Accept()
		ch <- acceptResult{c, err}
	}()
	return ch
}

func accept(t *testing.T, l Listener) Conn {
	t.Helper()
	select {
	case r := <-acceptAsync(l):
		if r.err != nil {
			t.Fatalf("Accept: %v", r.err)
		}
		t.Cleanup(func() { _ = r.c.Close() })
		return r.c
	case <-time.After(wait):
		t.Fatal("Accept did not return")
	}
	return nil
}

// expectBlocked checks that nothing arrives on ch for d.
func expectBlocked[T any](t *testing.T, ch <-chan T, d time.Duration, what string) {
	t.Helper()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case v := <-ch:
		t.Fatalf("%s returned early: %+v", what, v)
	case <-timer.C:
		select {
		case v := <-ch:
			t.Fatalf("%s returned early: %+v", what, v)
		default:
		}
	}
}

// recv waits for a value on ch.
func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(wait):
		t.Fatalf("%s did not return", what)
	}
	var zero T
	return zero
}

type ioResult struct {
	b   []byte
	n   int
	err error
}

// readAsync reads up to n bytes (io.ReadFull) from r in the background.
func readAsync(r io.Reader, n int) <-chan ioResult {
	ch := make(chan ioResult, 1)
	go func() {
		b := make([]byte, n)
		k, err := io.ReadFull(r, b)
		ch <- ioResult{b: b[:k], n: k, err: err}
	}()
	return ch
}

func writeAsync(w io.Writer, b []byte) <-chan ioResult {
	ch := make(chan ioResult, 1)
	go func() {
		n, err := w.Write(b)
		ch <- ioResult{n: n, err: err}
	}()
	return ch
}

// expectRead reads len(want) bytes from r and compares.
func expectRead(t *testing.T, r io.Reader, want string) {
	t.Helper()
	res := recv(t, readAsync(r, len(want)), "Read")
	if res.err != nil || string(res.b) != want {
		t.Fatalf("read %q, %v; want %q", res.b, res.err, want)
	}
}

func expectReadErr(t *testing.T, r io.Reader, want error) {
	t.Helper()
	res := recv(t, readAsync(r, 1), "Read")
	if !errors.Is(res.err, want) {
		t.Fatalf("Read = %q, %v; want %v", res.b, res.err, want)
	}
}

func mustWrite(t *testing.T, w io.Writer, s string) {
	t.Helper()
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatalf("Write(%q): %v", s, err)
	}
}

// hostFile wraps the host end of a stand-in. The fd is non-blocking, so the
// os.File uses the runtime poller and deadlines work.
func hostFile(t *testing.T, fd int, name string) *os.File {
	t.Helper()
	f := os.NewFile(uintptr(fd), name)
	t.Cleanup(func() { _ = f.Close() })
	if err := f.SetDeadline(time.Now().Add(2 * wait)); err != nil {
		t.Fatalf("%s is not pollable: %v", name, err)
	}
	return f
}

// socketpairPort returns a virtio-mode port on one end of a socketpair and
// the other end as the "host". Closing the host end is a detach that is
// never followed by a reattach.
func socketpairPort(t *testing.T) (*port, *os.File) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPort(fds[0], "socketpair", true, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.close)
	return p, hostFile(t, fds[1], "host")
}

// makePty opens a pty master (non-blocking, close-on-exec) and returns it
// with its slave's path.
func makePty() (int, string, error) {
	m, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, "", err
	}
	n, err := unix.IoctlGetInt(m, unix.TIOCGPTN)
	if err == nil {
		err = unix.IoctlSetPointerInt(m, unix.TIOCSPTLCK, 0) // unlockpt
	}
	if err != nil {
		_ = unix.Close(m)
		return -1, "", err
	}
	return m, fmt.Sprintf("/dev/pts/%d", n), nil
}

func newPty(t *testing.T) (int, string) {
	t.Helper()
	m, path, err := makePty()
	if err != nil {
		t.Skipf("no pty support: %v", err)
	}
	return m, path
}

// rawSlave opens a pty slave in raw mode, non-blocking so that the os.File
// uses the runtime poller and deadlines work.
func rawSlave(path string) (*os.File, error) {
	fd, err := openDevice(path)
	if err != nil {
		return nil, err
	}
	if err := makeRaw(fd); err != nil {
		_ = unix.Close(fd)
		return nil, err
	}
	f := os.NewFile(uintptr(fd), path)
	return f, f.SetDeadline(time.Now().Add(2 * wait))
}

// openRawSlave opens a pty slave in raw mode as the "host" end.
func openRawSlave(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := rawSlave(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// onceOpener hands out p once; a stand-in cannot be reopened.
func onceOpener(p *port) func() (*port, error) {
	used := false
	return func() (*port, error) {
		if used {
			return nil, errors.New("stand-in cannot be reopened")
		}
		used = true
		return p, nil
	}
}

func testDevListener(t *testing.T, cfg devConfig) *devListener {
	t.Helper()
	if cfg.name == "" {
		cfg.name = "test"
	}
	if cfg.log == nil {
		cfg.log = zap.NewNop()
	}
	if cfg.interval == 0 {
		cfg.interval = 10 * time.Millisecond
	}
	l, err := newDevListener(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return l
}

func fdFlags(t *testing.T, fd int) (cloexec, nonblock bool) {
	t.Helper()
	fdf, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	if err != nil {
		t.Fatal(err)
	}
	flf, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	if err != nil {
		t.Fatal(err)
	}
	return fdf&unix.FD_CLOEXEC != 0, flf&unix.O_NONBLOCK != 0
}
