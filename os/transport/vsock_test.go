//go:build linux

package transport

import (
	"errors"
	"io"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/mdlayher/vsock"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
	"golang.org/x/sys/unix"
)

func TestParseVsockPath(t *testing.T) {
	for _, tc := range []struct {
		in        string
		cid, port uint32
		ok        bool
	}{
		{"-1:1024", unix.VMADDR_CID_ANY, 1024, true},
		{":1024", unix.VMADDR_CID_ANY, 1024, true},
		{"3:4000", 3, 4000, true},
		{"4294967295:1", unix.VMADDR_CID_ANY, 1, true},
		{"1024", 0, 0, false},
		{"x:1", 0, 0, false},
		{"-2:1", 0, 0, false},
		{"3:", 0, 0, false},
		{"3:99999999999", 0, 0, false},
	} {
		cid, port, err := parseVsockPath(tc.in)
		if (err == nil) != tc.ok || cid != tc.cid || port != tc.port {
			t.Errorf("parseVsockPath(%q) = %d, %d, %v", tc.in, cid, port, err)
		}
	}
}

func TestCIDAllowed(t *testing.T) {
	o, _ := Options{Method: MethodVsock}.withDefaults()
	if !slices.Equal(o.VsockAllowCIDs, []uint32{VsockHostCID}) {
		t.Fatalf("default allow list %v", o.VsockAllowCIDs)
	}
	for _, tc := range []struct {
		cid   uint32
		allow []uint32
		want  bool
	}{
		{2, o.VsockAllowCIDs, true},
		{3, o.VsockAllowCIDs, false},
		{1, o.VsockAllowCIDs, false}, // local loopback is not the host
		{unix.VMADDR_CID_ANY, o.VsockAllowCIDs, false},
		{7, []uint32{2, 7}, true},
		{2, nil, false},
	} {
		if got := cidAllowed(tc.cid, tc.allow); got != tc.want {
			t.Errorf("cidAllowed(%d, %v) = %v", tc.cid, tc.allow, got)
		}
	}
}

// fakeListener hands out prepared connections, standing in for an AF_VSOCK
// listener so the filter loop is tested without the kernel module.
type fakeListener struct {
	conns  chan net.Conn
	closed chan struct{}
}

func (f *fakeListener) Accept() (net.Conn, error) {
	select {
	case c := <-f.conns:
		return c, nil
	case <-f.closed:
		return nil, net.ErrClosed
	}
}
func (f *fakeListener) Close() error   { close(f.closed); return nil }
func (f *fakeListener) Addr() net.Addr { return &vsock.Addr{ContextID: 3, Port: 1024} }

type addrConn struct {
	net.Conn
	remote net.Addr
}

func (c addrConn) RemoteAddr() net.Addr { return c.remote }

// Peers whose CID is not allowed are closed and logged; Accept goes on to
// the next peer.
func TestVsockFiltersPeers(t *testing.T) {
	core, logs := observer.New(zapcore.InfoLevel)
	fl := &fakeListener{conns: make(chan net.Conn, 3), closed: make(chan struct{})}
	var peers []net.Conn
	for _, remote := range []net.Addr{
		&vsock.Addr{ContextID: 5, Port: 1},            // another guest
		&net.UnixAddr{Name: "@x", Net: "unix"},        // not vsock at all
		&vsock.Addr{ContextID: VsockHostCID, Port: 2}, // the host
	} {
		agent, peer := net.Pipe()
		peers = append(peers, peer)
		fl.conns <- addrConn{agent, remote}
	}
	l := newStreamListener("vsock-test", fl, vsockAdmit([]uint32{VsockHostCID}, zap.New(core)), zap.NewNop())
	t.Cleanup(func() { _ = l.Close() })
	c := accept(t, l)

	for _, refused := range peers[:2] {
		_ = refused.SetReadDeadline(time.Now().Add(wait))
		if _, err := refused.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
			t.Fatalf("refused peer was not closed: %v", err)
		}
	}
	go func() { _, _ = peers[2].Write([]byte("host")) }()
	expectRead(t, c, "host")
	if n := logs.FilterMessage("refusing vsock peer").Len(); n != 2 {
		t.Fatalf("%d refusals logged, want 2", n)
	}
	for _, p := range peers {
		_ = p.Close()
	}
}

// The real AF_VSOCK listener, where the kernel has it: Accept blocks and
// Close wakes it. (A loopback connection needs vsock_loopback, which is
// rarely loaded, so the peer side is covered by TestVsockFiltersPeers.)
func TestVsockListen(t *testing.T) {
	l, err := Open(Options{Method: MethodVsock, Path: "-1:0"})
	if err != nil {
		if errors.Is(err, unix.EAFNOSUPPORT) || errors.Is(err, unix.ENODEV) {
			t.Skipf("no AF_VSOCK here: %v", err)
		}
		t.Fatal(err)
	}
	ch := acceptAsync(l)
	expectBlocked(t, ch, 50*time.Millisecond, "Accept")
	_ = l.Close()
	if r := recv(t, ch, "Accept"); !errors.Is(r.err, ErrClosed) {
		t.Fatalf("Accept = %v", r.err)
	}
}
