//go:build linux

package transport

import (
	"io"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// devConn is one session on a serial device (virtio-serial or tty).
type devConn struct {
	p    *port
	name string
	hups uint64 // p.hups when the session started: any later EPOLLHUP ends it

	// protected by p.mu
	pending []byte // read by awaitHost before the session was handed out
	ended   bool   // read(2) returned 0: the host went away

	rmu, wmu  sync.Mutex // one Read and one Write at a time
	done      chan struct{}
	closeOnce sync.Once
}

func newDevConn(p *port, name string, hups uint64, pending []byte) *devConn {
	return &devConn{p: p, name: name, hups: hups, pending: pending, done: make(chan struct{})}
}

func (c *devConn) String() string { return c.name }

// Close ends the session. The device stays open for the next one.
func (c *devConn) Close() error {
	c.closeOnce.Do(func() { close(c.done) })
	return nil
}

// stateLocked returns ErrClosed after a close, io.EOF once the session ended.
func (c *devConn) stateLocked() error {
	select {
	case <-c.done:
		return ErrClosed
	default:
	}
	if c.p.closed {
		return ErrClosed
	}
	if c.ended || c.p.gone != nil || c.p.hups != c.hups {
		return io.EOF
	}
	return nil
}

// wait sleeps until the poller reports a change (or close), or the
// session is closed.
func (c *devConn) wait(ch <-chan struct{}) error {
	select {
	case <-ch:
		return nil
	case <-c.done:
		return ErrClosed
	}
}

// Read returns io.EOF as soon as a hang-up was reported, even if bytes are
// still buffered: they belong to a host that has gone, and the next session
// drops them (see port.probe).
func (c *devConn) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	c.rmu.Lock()
	defer c.rmu.Unlock()
	for {
		n, ch, err := c.tryRead(b)
		if n > 0 || err != nil {
			return n, err
		}
		if err := c.wait(ch); err != nil {
			return 0, err
		}
	}
}

// tryRead does one non-blocking read. With neither data nor error it returns
// the channel to wait on: per the edge-triggered rule the device was drained
// to EAGAIN, so the next report is guaranteed to come when data arrives.
func (c *devConn) tryRead(b []byte) (int, <-chan struct{}, error) {
	p := c.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := c.stateLocked(); err != nil {
		return 0, nil, err
	}
	if len(c.pending) > 0 {
		n := copy(b, c.pending)
		c.pending = c.pending[n:]
		return n, nil, nil
	}
	ch := p.changed
	n, err := p.readLocked(b)
	switch {
	case n > 0:
		return n, nil, nil
	case err == nil: // virtio: host detached; tty: hung up
		c.ended = true
		p.sessionEmptyLocked()
		if !p.reattach {
			p.markGoneLocked(errHangup)
		}
		return 0, nil, io.EOF
	case err == unix.EAGAIN:
		return 0, ch, nil
	}
	p.markGoneLocked(&os.PathError{Op: "read", Path: p.name, Err: err})
	return 0, nil, io.EOF
}

// Write writes all of b or fails. It waits for EPOLLOUT while the host is
// attached but slow, and fails with ErrDetached as soon as a hang-up is
// reported, so a reply is never kept for whichever host attaches next.
func (c *devConn) Write(b []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	done := 0
	for done < len(b) {
		n, ch, err := c.tryWrite(b[done:])
		done += n
		if err != nil {
			return done, err
		}
		if ch != nil {
			if err := c.wait(ch); err != nil {
				return done, err
			}
		}
	}
	return done, nil
}

// tryWrite does one non-blocking write; with EAGAIN it returns the channel to
// wait on. A detached virtio port also answers EAGAIN, but its hang-up is
// reported by the poller, which ends the session and the wait.
func (c *devConn) tryWrite(b []byte) (int, <-chan struct{}, error) {
	p := c.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := c.stateLocked(); err != nil {
		if err == io.EOF {
			err = ErrDetached
		}
		return 0, nil, err
	}
	ch := p.changed
	n, err := p.writeLocked(b)
	switch {
	case n > 0:
		return n, nil, nil
	case err == unix.EAGAIN:
		return 0, ch, nil
	case err == nil:
		return 0, nil, io.ErrShortWrite
	}
	werr := &os.PathError{Op: "write", Path: p.name, Err: err}
	if err == unix.ENODEV || err == unix.EIO { // unplugged port, hung-up tty
		p.markGoneLocked(werr)
	}
	return 0, nil, werr
}

// TryWrite does one non-blocking write, or nothing if a Write is under way.
func (c *devConn) TryWrite(b []byte) (int, error) {
	if !c.wmu.TryLock() {
		return 0, nil
	}
	defer c.wmu.Unlock()
	n, _, err := c.tryWrite(b)
	return n, err
}

// PeerGone reports whether the device is lost or closed. A detached
// port does not count: a session can end on a hang-up report that trails
// a new host's attach, and the replies owed to that host's first
// requests must still be written (the drain timeout bounds the wait).
func (c *devConn) PeerGone() bool {
	p := c.p
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.gone != nil || p.closed
}
