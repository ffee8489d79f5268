package client

import (
	"bytes"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/goqga/goqga/client/clienttest"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// recConn records everything the client writes.
type recConn struct {
	net.Conn
	mu     sync.Mutex
	writes [][]byte
}

func (r *recConn) Write(b []byte) (int, error) {
	r.mu.Lock()
	r.writes = append(r.writes, bytes.Clone(b))
	r.mu.Unlock()
	return r.Conn.Write(b)
}

func (r *recConn) Writes() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.writes
}

// pipeClient returns a client talking over net.Pipe to a fake using h.
func pipeClient(t *testing.T, h clienttest.Handler) (*Client, *clienttest.Fake, *recConn) {
	return fakeClient(t, h, true)
}

// sockClient is pipeClient over a unix socket (buffered, unlike net.Pipe,
// so an agent may write while the client writes).
func sockClient(t *testing.T, h clienttest.Handler) (*Client, *clienttest.Fake, *recConn) {
	return fakeClient(t, h, false)
}

func fakeClient(t *testing.T, h clienttest.Handler, pipe bool) (*Client, *clienttest.Fake, *recConn) {
	t.Helper()
	f := clienttest.Start(t, h)
	rc := &recConn{}
	if pipe {
		rc.Conn = f.Pipe()
	} else {
		conn, err := net.Dial("unix", f.Path)
		if err != nil {
			t.Fatal(err)
		}
		rc.Conn = conn
	}
	c := New(rc)
	c.SetTimeout(5 * time.Second)
	t.Cleanup(func() { c.Close() })
	return c, f, rc
}

// rawPipe returns a client with a small read buffer and the guest end.
func rawPipe(t *testing.T, size int) (*Client, net.Conn) {
	t.Helper()
	host, guest := net.Pipe()
	c := newSize(host, size)
	c.SetTimeout(5 * time.Second)
	t.Cleanup(func() { c.Close(); guest.Close() })
	return c, guest
}

// feed writes b to w in the background; wait for it with the result.
func feed(w io.Writer, b ...[]byte) <-chan error {
	done := make(chan error, 1)
	go func() {
		for _, p := range b {
			if _, err := w.Write(p); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	return done
}

func writeAll(w io.Writer, parts ...string) error {
	for _, p := range parts {
		if _, err := io.WriteString(w, p); err != nil {
			return err
		}
	}
	return nil
}
