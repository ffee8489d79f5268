//go:build linux

package transport

import (
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func openUnixTest(t *testing.T, path string) Listener {
	t.Helper()
	l, err := Open(Options{Method: MethodUnix, Path: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return l
}

func dial(t *testing.T, path string) net.Conn {
	t.Helper()
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	_ = c.SetDeadline(time.Now().Add(2 * wait))
	return c
}

// One client at a time: the second waits in the backlog until the first
// session is closed, and its early request is not lost.
func TestUnixOneClientAtATime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "qga.sock")
	l := openUnixTest(t, path)

	a := dial(t, path)
	ca := accept(t, l)
	b := dial(t, path)
	mustWrite(t, b, "from b")
	ch := acceptAsync(l)
	expectBlocked(t, ch, 150*time.Millisecond, "second Accept while a session is open")

	mustWrite(t, a, "from a")
	expectRead(t, ca, "from a")
	mustWrite(t, ca, "to a")
	expectRead(t, a, "to a")
	_ = a.Close()
	expectReadErr(t, ca, io.EOF)
	_ = ca.Close()

	r := recv(t, ch, "Accept after the first session closed")
	if r.err != nil {
		t.Fatal(r.err)
	}
	expectRead(t, r.c, "from b")

	_ = l.Close()
	expectReadErr(t, r.c, ErrClosed) // Close wakes the active session
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("socket file left behind: %v", err)
	}
}

func TestUnixCloseWakesAccept(t *testing.T) {
	l := openUnixTest(t, filepath.Join(t.TempDir(), "qga.sock"))
	ch := acceptAsync(l)
	expectBlocked(t, ch, 50*time.Millisecond, "Accept")
	_ = l.Close()
	if r := recv(t, ch, "Accept"); !errors.Is(r.err, ErrClosed) {
		t.Fatalf("Accept = %v", r.err)
	}
	if _, err := l.Accept(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Accept after Close = %v", err)
	}
}

// A socket file left by a dead agent is replaced; a regular file, or a
// socket somebody listens on, is not touched.
func TestUnixStaleSocket(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "stale.sock")
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: stale, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	_ = ln.Close()
	l := openUnixTest(t, stale)
	c := dial(t, stale)
	mustWrite(t, c, "ok")
	expectRead(t, accept(t, l), "ok")

	regular := filepath.Join(dir, "file")
	if err := os.WriteFile(regular, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if l, err := Open(Options{Method: MethodUnix, Path: regular}); err == nil {
		_ = l.Close()
		t.Fatal("Open over a regular file succeeded")
	}
	if b, _ := os.ReadFile(regular); string(b) != "keep" {
		t.Fatal("regular file was replaced")
	}

	if l2, err := Open(Options{Method: MethodUnix, Path: stale}); err == nil {
		_ = l2.Close()
		t.Fatal("Open over a live socket succeeded")
	} else if !strings.Contains(err.Error(), "in use") {
		t.Fatalf("live socket: %v", err)
	}
}

func TestUnixNeedsPath(t *testing.T) {
	if _, err := Open(Options{Method: MethodUnix}); err == nil {
		t.Fatal("unix-listen without a path succeeded")
	}
	if _, err := Open(Options{Method: "tcp-listen"}); err == nil {
		t.Fatal("unknown method accepted")
	}
}
