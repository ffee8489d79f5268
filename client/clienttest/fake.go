package clienttest

import (
	"encoding/json"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Request is one decoded request.
type Request struct {
	Execute   string          `json:"execute"`
	Arguments json.RawMessage `json:"arguments,omitempty"`
	ID        json.RawMessage `json:"id,omitempty"`
}

// Handler answers one request by writing raw bytes to w. A non-nil error
// closes the connection.
type Handler func(w io.Writer, req Request) error

// Fake is a fake agent.
type Fake struct {
	Path string // unix socket path

	h     Handler
	ln    net.Listener
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns map[net.Conn]bool
	reqs  []Request
}

// Start starts a fake agent answering with h (Default when nil).
func Start(t testing.TB, h Handler) *Fake {
	t.Helper()
	dir, err := os.MkdirTemp("", "qga")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	f := &Fake{Path: filepath.Join(dir, "qga.sock"), h: h, conns: map[net.Conn]bool{}}
	if f.h == nil {
		f.h = Default
	}
	if f.ln, err = net.Listen("unix", f.Path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	f.wg.Add(1)
	go f.accept()
	return f
}

// Pipe returns the host end of a net.Pipe whose other end f serves.
func (f *Fake) Pipe() net.Conn {
	host, guest := net.Pipe()
	f.track(guest)
	return host
}

// Requests returns the requests received so far, in order.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Request(nil), f.reqs...)
}

// Commands returns the Execute names of Requests.
func (f *Fake) Commands() []string {
	var names []string
	for _, r := range f.Requests() {
		names = append(names, r.Execute)
	}
	return names
}

// Close stops the fake and waits for its goroutines.
func (f *Fake) Close() {
	f.ln.Close()
	f.mu.Lock()
	for c := range f.conns {
		c.Close()
	}
	f.mu.Unlock()
	f.wg.Wait()
}

func (f *Fake) accept() {
	defer f.wg.Done()
	for {
		c, err := f.ln.Accept()
		if err != nil {
			return
		}
		f.track(c)
	}
}

func (f *Fake) track(c net.Conn) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.conns[c] = true
	f.wg.Add(1)
	go f.serve(c)
}

func (f *Fake) serve(c net.Conn) {
	defer f.wg.Done()
	defer f.untrack(c)
	dec := json.NewDecoder(dropSentinels{c})
	for {
		var req Request
		if dec.Decode(&req) != nil {
			return
		}
		f.mu.Lock()
		f.reqs = append(f.reqs, req)
		f.mu.Unlock()
		if f.h(c, req) != nil {
			return
		}
	}
}

func (f *Fake) untrack(c net.Conn) {
	c.Close()
	f.mu.Lock()
	delete(f.conns, c)
	f.mu.Unlock()
}

// dropSentinels removes 0xFF and 0xFE bytes from the input.
type dropSentinels struct{ r io.Reader }

func (d dropSentinels) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	k := 0
	for _, b := range p[:n] {
		if b != 0xFF && b != 0xFE {
			p[k] = b
			k++
		}
	}
	return k, err
}
