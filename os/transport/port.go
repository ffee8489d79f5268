//go:build linux

package transport

import (
	"encoding/binary"
	"errors"
	"os"
	"sync"
	"sync/atomic"

	"go.uber.org/zap"
	"golang.org/x/sys/unix"
)

// errHangup marks a serial device whose line was hung up: a tty never
// recovers from that, it must be reopened.
var errHangup = errors.New("device hung up")

// port drives one open, non-blocking character device (a virtio-serial port
// or a tty) through an edge-triggered epoll set.
//
// Why edge-triggered: a virtio-serial port with no host attached polls as
// EPOLLIN|EPOLLHUP permanently, so a level-triggered wait would return at
// once, forever. With EPOLLET the kernel reports the port once per state
// change (data arrived, host attached or detached, output space freed) and
// epoll_wait then sleeps. The price is the usual ET rule: after an event,
// read (or write) until EAGAIN before waiting again, otherwise data that is
// already there never produces another event. Every reader and writer here
// follows it: it only waits after its own syscall returned EAGAIN (or 0
// for a detached virtio port), having taken the change channel before the
// syscall so an event in between is not lost.
//
// A single goroutine (poll) sits in epoll_wait and records each report in
// hup/hups, then wakes all waiters by closing the changed channel. An
// eventfd in the same epoll set lets close wake it.
//
// All syscalls on fd happen under mu, so close can never free a descriptor
// number that another goroutine is about to use. They are non-blocking, so
// holding the mutex across them is cheap.
type port struct {
	fd, epfd, wakefd int
	name             string
	reattach         bool // virtio: the host may detach and reattach; tty: a hangup is final
	log              *zap.Logger

	// detachErr is 0 for real devices. Tests standing in a pty master for a
	// virtio port set it to EIO, which the master returns while its slave is
	// closed, where virtio would return 0.
	detachErr unix.Errno

	mu        sync.Mutex
	changed   chan struct{} // closed and replaced at every poller report and at close
	hup       bool          // the latest report had EPOLLHUP/EPOLLERR: host detached
	hups      uint64        // reports with EPOLLHUP so far; a session ends when this moves
	gone      error         // the device is unusable and must be reopened
	closed    bool
	discarded int // bytes dropped because the host that sent them had left

	// dirty holds until the port first reads empty: input found while
	// detached before that was left from before we opened the port. early
	// holds a new host's input read before its attach shows (see probe).
	dirty bool
	early []byte

	closeOnce sync.Once
	done      chan struct{} // closed when poll returns
	reads     atomic.Uint64 // read(2) calls; tests check that a detached port costs nothing
}

// newPort takes ownership of fd (closed on error) and starts its poller.
func newPort(fd int, name string, reattach bool, log *zap.Logger) (*port, error) {
	// dirty: whatever a detached port holds when we first look was left
	// by a host we never served.
	p := &port{fd: fd, epfd: -1, wakefd: -1, name: name, reattach: reattach, log: log,
		changed: make(chan struct{}), done: make(chan struct{}), dirty: true}
	if err := p.setup(); err != nil {
		p.closeFDs()
		return nil, err
	}
	go p.poll()
	return p, nil
}

// setup creates the epoll set holding the device and the wake-up eventfd.
func (p *port) setup() error {
	var err error
	if p.epfd, err = unix.EpollCreate1(unix.EPOLL_CLOEXEC); err != nil {
		return os.NewSyscallError("epoll_create1", err)
	}
	if p.wakefd, err = unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK); err != nil {
		return os.NewSyscallError("eventfd", err)
	}
	dev := unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLOUT | unix.EPOLLRDHUP | unix.EPOLLET, Fd: int32(p.fd)}
	if err := unix.EpollCtl(p.epfd, unix.EPOLL_CTL_ADD, p.fd, &dev); err != nil {
		return &os.PathError{Op: "epoll_ctl", Path: p.name, Err: err}
	}
	wake := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(p.wakefd)}
	return os.NewSyscallError("epoll_ctl", unix.EpollCtl(p.epfd, unix.EPOLL_CTL_ADD, p.wakefd, &wake))
}

// poll is the only caller of epoll_wait; it runs until close.
func (p *port) poll() {
	defer close(p.done)
	events := make([]unix.EpollEvent, 2)
	for {
		n, err := unix.EpollWait(p.epfd, events, -1)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			p.mu.Lock()
			p.markGoneLocked(os.NewSyscallError("epoll_wait", err))
			p.broadcastLocked()
			p.mu.Unlock()
			return
		}
		if !p.note(events[:n]) {
			return
		}
	}
}

// note records one epoll_wait report and wakes all waiters. It returns false
// when the wake-up eventfd fired, i.e. the port is being closed.
func (p *port) note(events []unix.EpollEvent) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	defer p.broadcastLocked()
	for _, ev := range events {
		if int(ev.Fd) == p.wakefd {
			return false
		}
		p.noteDeviceLocked(ev.Events)
	}
	return true
}

// noteDeviceLocked interprets the device's poll mask. epoll reports the mask
// as it is when epoll_wait collects the event, so a report without EPOLLHUP
// means the host is attached now.
func (p *port) noteDeviceLocked(mask uint32) {
	p.hup = mask&(unix.EPOLLHUP|unix.EPOLLERR) != 0
	if !p.hup {
		return
	}
	p.hups++
	if !p.reattach {
		p.markGoneLocked(errHangup)
	}
}

func (p *port) broadcastLocked() {
	close(p.changed)
	p.changed = make(chan struct{})
}

func (p *port) markGoneLocked(err error) {
	if p.gone == nil {
		p.gone = err
		p.log.Warn("transport device lost", zap.String("device", p.name), zap.Error(err))
	}
}

// usableLocked reports why the port cannot be used, if it cannot.
func (p *port) usableLocked() error {
	if p.closed {
		return ErrClosed
	}
	return p.gone
}

// readLocked is read(2) without EINTR; a stand-in's detachErr reads as 0.
func (p *port) readLocked(b []byte) (int, error) {
	for {
		p.reads.Add(1)
		n, err := unix.Read(p.fd, b)
		switch {
		case err == unix.EINTR:
			continue
		case err == nil:
			return n, nil
		case p.detachErr != 0 && err == p.detachErr:
			return 0, nil
		}
		return 0, err
	}
}

// writeLocked is write(2) without EINTR.
func (p *port) writeLocked(b []byte) (int, error) {
	for {
		n, err := unix.Write(p.fd, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return 0, err
		}
		return n, nil
	}
}

// awaitHost blocks until the host side of a virtio port is attached. virtio
// reads 0 while no host is attached and EAGAIN (or data) once one is, so one
// non-blocking read answers the question. It returns bytes already read and
// the HUP count the session starts from.
func (p *port) awaitHost() ([]byte, uint64, error) {
	buf := make([]byte, maxEarly+4096) // room for kept early input and one read
	for {
		n, hups, wait, err := p.probe(buf)
		if wait == nil {
			return buf[:n], hups, err
		}
		<-wait // closed by the poller's next report or by close
	}
}

// probe does the read for awaitHost. Input read while the port still
// reads as detached is a new host's: the guest kernel delivers a new
// host's first bytes before its "connected" notice, and a hang-up report
// of the previous host may trail them. Dropping such input as a departed
// host's leftovers lost one request in fifteen fresh connections (a
// Proxmox call), so it is kept and starts the session once the host is
// seen. A departed host's unread input would be served too, but the
// reader reads eagerly, so little is ever left, and every host resyncs
// before it trusts a reply. Only input found before the port first reads
// empty after opening is dropped: nobody we serve sent it. A non-nil wait
// means the host is still detached and the caller must wait for the next
// state change.
func (p *port) probe(buf []byte) (n int, hups uint64, wait <-chan struct{}, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.usableLocked(); err != nil {
		return 0, 0, nil, err
	}
	ch := p.changed
	for {
		n, err := p.readLocked(buf)
		switch {
		case n > 0 && p.hup && p.dirty:
			p.discarded += n
			p.log.Debug("dropping input left by a detached host", zap.String("device", p.name), zap.Int("bytes", n))
		case n > 0 && p.hup:
			p.keepEarlyLocked(buf[:n])
		case n > 0:
			return p.startLocked(buf, n), p.hups, nil, nil
		case err == nil:
			p.sessionEmptyLocked()
			return 0, 0, ch, nil
		case err == unix.EAGAIN:
			p.dirty = false
			return p.startLocked(buf, 0), p.hups, nil, nil
		default:
			p.markGoneLocked(err)
			return 0, 0, nil, p.gone
		}
	}
}

// sessionEmptyLocked records a read that found the port detached and
// empty: nothing from before is left.
func (p *port) sessionEmptyLocked() { p.dirty = false }

// maxEarly bounds the input kept for a host whose attach is not reported
// yet; a first request is far smaller.
const maxEarly = 64 << 10

func (p *port) keepEarlyLocked(b []byte) {
	if len(p.early)+len(b) > maxEarly {
		p.discarded += len(b)
		return
	}
	p.early = append(p.early, b...)
}

// startLocked starts a session: the kept early input goes in front of the
// n bytes just read into buf; it returns the length now at buf's start.
func (p *port) startLocked(buf []byte, n int) int {
	early := p.early
	p.early = nil
	if len(early)+n > len(buf) {
		p.discarded += len(early)
		return n
	}
	copy(buf[len(early):], buf[:n])
	copy(buf, early)
	return len(early) + n
}

// current returns the HUP count a tty session starts from.
func (p *port) current() (uint64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hups, p.usableLocked()
}

// close stops the poller and closes the descriptors. Blocked users wake up
// and see ErrClosed.
func (p *port) close() {
	p.closeOnce.Do(func() {
		p.mu.Lock()
		p.closed = true
		p.broadcastLocked()
		p.mu.Unlock()
		var one [8]byte
		binary.NativeEndian.PutUint64(one[:], 1)
		_, _ = unix.Write(p.wakefd, one[:])
		<-p.done
		p.mu.Lock()
		p.closeFDs()
		p.mu.Unlock()
	})
}

func (p *port) closeFDs() {
	for _, fd := range []*int{&p.fd, &p.epfd, &p.wakefd} {
		if *fd >= 0 {
			_ = unix.Close(*fd)
			*fd = -1
		}
	}
}
