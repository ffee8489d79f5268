//go:build linux

package transport

import (
	"net"
	"path/filepath"
	"testing"
	"time"

	"go.uber.org/zap"
)

// A client that only shut down its write side still listens; one that
// closed is gone.
func TestStreamPeerGone(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "s")
	l, err := Open(Options{Method: MethodUnix, Path: sock, Log: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, full := range []bool{false, true} {
		cl, err := net.Dial("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		c, err := l.Accept()
		if err != nil {
			t.Fatal(err)
		}
		pw := c.(PeerWatcher)
		if pw.PeerGone() {
			t.Fatal("a connected client reads as gone")
		}
		if full {
			cl.Close()
		} else {
			cl.(*net.UnixConn).CloseWrite()
		}
		time.Sleep(20 * time.Millisecond)
		if got := pw.PeerGone(); got != full {
			t.Errorf("closed fully %v: PeerGone = %v", full, got)
		}
		cl.Close()
		c.Close()
	}
}

// While a session is open, a second client waits in the backlog, and the
// listener sees it there without accepting it.
func TestStreamWaiting(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "s")
	l, err := Open(Options{Method: MethodUnix, Path: sock, Log: zap.NewNop()})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	bw := l.(BacklogWatcher)
	first, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	c, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	if bw.Waiting() {
		t.Fatal("a client reads as waiting with none in the backlog")
	}
	second, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if !bw.Waiting() {
		t.Fatal("the second client is not seen waiting")
	}
	c.Close()
}
