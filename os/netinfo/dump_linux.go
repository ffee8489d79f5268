//go:build linux

package netinfo

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// Limits of one dump.
const (
	maxDumpBytes = 64 << 20
	recvBufSize  = 64 << 10
	dumpRetries  = 3
)

var errInterrupted = errors.New("netlink dump interrupted by a concurrent change")

// dump runs one rtnetlink dump of typ (header: the request's family
// header) and calls each for every reply message. An interrupted dump is
// retried from scratch: each is told so by reset.
func dump(typ uint16, header []byte, reset func(), each func(nlMessage) error) error {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	var err error
	for range dumpRetries {
		reset()
		if err = shared.dumpOnce(typ, header, each); !errors.Is(err, errInterrupted) {
			return err
		}
	}
	return err
}

// conn is one netlink socket kept open between dumps, with its receive
// buffer: opening, configuring, binding and closing a socket for each
// dump cost five system calls of the eight a dump needs (KubeVirt polls
// the interfaces every 2 minutes, two dumps each; docs/PERFORMANCE.md).
// A dump that fails for any reason but the kernel's own error reply
// closes it, so the next one starts on a fresh socket with nothing left
// over; each dump has its own sequence number, and replies of another
// are skipped.
type conn struct {
	mu  sync.Mutex
	fd  int // the socket, open while ok
	ok  bool
	pid uint32
	seq uint32
	buf []byte
}

var shared conn

func (c *conn) dumpOnce(typ uint16, header []byte, each func(nlMessage) error) error {
	if !c.ok {
		if err := c.open(); err != nil {
			return err
		}
	}
	c.seq++
	err := unix.Sendto(c.fd, request(typ, c.seq, header), 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK})
	if err != nil {
		err = fmt.Errorf("netlink send: %w", err)
	} else {
		err = receive(c.fd, c.pid, c.seq, c.buf, each)
	}
	var kernel *kernelError
	if err != nil && !errors.As(err, &kernel) && !errors.Is(err, errInterrupted) {
		c.close() // whatever is left unread goes with the socket
	}
	return err
}

func (c *conn) open() error {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return fmt.Errorf("netlink socket: %w", err)
	}
	tv := unix.Timeval{Sec: 5}
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		unix.Close(fd)
		return err
	}
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		unix.Close(fd)
		return fmt.Errorf("netlink bind: %w", err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		unix.Close(fd)
		return err
	}
	c.fd, c.ok, c.pid = fd, true, sa.(*unix.SockaddrNetlink).Pid
	if c.buf == nil {
		c.buf = make([]byte, recvBufSize)
	}
	return nil
}

func (c *conn) close() {
	if c.ok {
		unix.Close(c.fd)
		c.ok = false
	}
}

// kernelError is the kernel's NLMSG_ERROR answer to a dump: the dump is
// over and the socket is clean.
type kernelError struct{ errno syscall.Errno }

func (e *kernelError) Error() string { return "netlink: " + e.errno.Error() }
func (e *kernelError) Unwrap() error { return e.errno }

// request builds a dump request: header, then the family header.
func request(typ uint16, seq uint32, header []byte) []byte {
	b := make([]byte, unix.SizeofNlMsghdr+len(header))
	binary.NativeEndian.PutUint32(b[0:4], uint32(len(b)))
	binary.NativeEndian.PutUint16(b[4:6], typ)
	binary.NativeEndian.PutUint16(b[6:8], unix.NLM_F_REQUEST|unix.NLM_F_DUMP)
	binary.NativeEndian.PutUint32(b[8:12], seq)
	copy(b[unix.SizeofNlMsghdr:], header)
	return b
}

// receive reads the dump's datagrams until NLMSG_DONE.
func receive(fd int, pid, seq uint32, buf []byte, each func(nlMessage) error) error {
	total, intr := 0, false
	for {
		n, _, flags, _, err := unix.Recvmsg(fd, buf, nil, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return fmt.Errorf("netlink receive: %w", err)
		}
		if flags&unix.MSG_TRUNC != 0 {
			return errors.New("netlink message larger than 64 KiB")
		}
		if total += n; total > maxDumpBytes {
			return errors.New("netlink dump larger than 64 MiB")
		}
		msgs, err := parseMessages(buf[:n])
		if err != nil {
			return err
		}
		for _, m := range msgs {
			done, err := handle(m, pid, seq, &intr, each)
			if done || err != nil {
				return err
			}
		}
	}
}

// handle deals with one message of the dump; done at NLMSG_DONE.
func handle(m nlMessage, pid, seq uint32, intr *bool, each func(nlMessage) error) (done bool, err error) {
	if m.Seq != seq || m.Pid != pid {
		return false, nil // not ours
	}
	if m.Flags&unix.NLM_F_DUMP_INTR != 0 {
		*intr = true
	}
	switch m.Type {
	case unix.NLMSG_DONE:
		if *intr {
			return true, errInterrupted
		}
		return true, nil
	case unix.NLMSG_ERROR:
		if len(m.Data) < 4 {
			return true, errMalformed
		}
		if code := int32(binary.NativeEndian.Uint32(m.Data[0:4])); code != 0 {
			return true, &kernelError{errno: syscall.Errno(-code)}
		}
		return false, nil
	}
	return false, each(m)
}
