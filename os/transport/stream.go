//go:build linux

package transport

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"syscall"
	"time"

	"go.uber.org/zap"
	"golang.org/x/sys/unix"
)

// streamListener serves a listening socket one client at a time, like
// qemu-ga: while a session is open Accept is not called, so later clients
// wait in the kernel's backlog.
type streamListener struct {
	name  string
	ln    net.Listener
	admit func(net.Conn) bool // nil admits everyone; refused peers are closed
	log   *zap.Logger

	slot      chan struct{} // holds a token while a session is open
	closing   chan struct{}
	closeOnce sync.Once

	mu     sync.Mutex
	active *streamConn
	seq    int
}

func newStreamListener(name string, ln net.Listener, admit func(net.Conn) bool, log *zap.Logger) *streamListener {
	return &streamListener{name: name, ln: ln, admit: admit, log: log,
		slot: make(chan struct{}, 1), closing: make(chan struct{})}
}

func (l *streamListener) String() string { return l.name }

// Accept waits until the previous session is closed, then for an admitted
// client.
func (l *streamListener) Accept() (Conn, error) {
	select {
	case l.slot <- struct{}{}:
	case <-l.closing:
		return nil, ErrClosed
	}
	for {
		c, err := l.ln.Accept()
		if err != nil {
			if l.retryable(err) {
				continue
			}
			<-l.slot
			return nil, l.closedOr(err)
		}
		if l.admit != nil && !l.admit(c) {
			_ = c.Close()
			continue
		}
		return l.track(c)
	}
}

// retryable reports resource exhaustion (too many open files, out of
// buffers), which must not end the agent: back off and accept again.
func (l *streamListener) retryable(err error) bool {
	if !errors.Is(err, syscall.EMFILE) && !errors.Is(err, syscall.ENFILE) &&
		!errors.Is(err, syscall.ENOBUFS) && !errors.Is(err, syscall.ENOMEM) {
		return false
	}
	l.log.Warn("accept failed, retrying", zap.String("transport", l.name), zap.Error(err))
	t := time.NewTimer(100 * time.Millisecond)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-l.closing:
		return false
	}
}

func (l *streamListener) closedOr(err error) error {
	select {
	case <-l.closing:
		return ErrClosed
	default:
		return fmt.Errorf("%s: %w", l.name, err)
	}
}

// track records c as the active session; Close of the listener closes it.
func (l *streamListener) track(c net.Conn) (Conn, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case <-l.closing:
		_ = c.Close()
		<-l.slot
		return nil, ErrClosed
	default:
	}
	l.seq++
	growSendBuffer(c)
	sc := &streamConn{Conn: c, release: func() { <-l.slot },
		name: fmt.Sprintf("%s client %d (%v)", l.name, l.seq, c.RemoteAddr())}
	l.active = sc
	return sc, nil
}

// Waiting polls the listening socket: readable means a client waits in
// the backlog.
func (l *streamListener) Waiting() bool {
	revents, err := pollNow(l.ln, unix.POLLIN)
	return err == nil && revents&unix.POLLIN != 0
}

// pollNow polls s's socket once, without waiting, for events; it returns
// the events that came, or an error when s has no descriptor (closed).
func pollNow(s any, events int16) (int16, error) {
	sc, ok := s.(syscall.Conn)
	if !ok {
		return 0, nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return 0, err
	}
	var revents int16
	_ = rc.Control(func(fd uintptr) {
		fds := []unix.PollFd{{Fd: int32(fd), Events: events}}
		if n, err := unix.Poll(fds, 0); err == nil && n > 0 {
			revents = fds[0].Revents
		}
	})
	return revents, nil
}

// Close stops listening and closes the active session, waking its Read.
func (l *streamListener) Close() error {
	var err error
	l.closeOnce.Do(func() {
		close(l.closing)
		err = l.ln.Close()
		l.mu.Lock()
		active := l.active
		l.mu.Unlock()
		if active != nil {
			_ = active.Close()
		}
	})
	return err
}

// streamConn is one client. Close frees the slot for the next client.
type streamConn struct {
	net.Conn
	name      string
	release   func()
	closeOnce sync.Once
}

func (c *streamConn) String() string { return c.name }

// Read maps a reset connection to io.EOF (the client is gone either way) and
// use after Close to ErrClosed.
func (c *streamConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if errors.Is(err, syscall.ECONNRESET) {
		err = io.EOF
	}
	return n, mapClosed(err)
}

func (c *streamConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	return n, mapClosed(err)
}

func (c *streamConn) Close() error {
	var err error
	c.closeOnce.Do(func() {
		err = c.Conn.Close()
		c.release()
	})
	return err
}

func mapClosed(err error) error {
	if errors.Is(err, net.ErrClosed) {
		return ErrClosed
	}
	return err
}

// TryWrite does one non-blocking write(2) on the socket.
func (c *streamConn) TryWrite(b []byte) (int, error) {
	sc, ok := c.Conn.(syscall.Conn)
	if !ok {
		return 0, nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return 0, mapClosed(err)
	}
	var n int
	var werr error
	err = rc.Write(func(fd uintptr) bool {
		n, werr = syscall.Write(int(fd), b)
		return true // one attempt only: never wait for the socket
	})
	if err != nil {
		return 0, mapClosed(err)
	}
	if werr == syscall.EAGAIN || n < 0 {
		return 0, nil
	}
	return n, werr
}

// sendBuffer is the socket send buffer asked for. A guest-file-read reply
// is up to 64 MiB; with the default 208 KiB the writer and the host take
// turns hundreds of times per reply. The kernel caps it at wmem_max.
const sendBuffer = 4 << 20

func growSendBuffer(c net.Conn) {
	if wb, ok := c.(interface{ SetWriteBuffer(int) error }); ok {
		_ = wb.SetWriteBuffer(sendBuffer)
	}
}

// PeerGone polls the socket: POLLHUP means both directions are shut, so
// no reply can reach the client any more.
func (c *streamConn) PeerGone() bool {
	revents, err := pollNow(c.Conn, unix.POLLOUT)
	return err != nil || revents&(unix.POLLHUP|unix.POLLERR) != 0
}
