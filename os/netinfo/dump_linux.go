//go:build linux

package netinfo

import (
	"encoding/binary"
	"errors"
	"fmt"
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
	var err error
	for range dumpRetries {
		reset()
		if err = dumpOnce(typ, header, each); !errors.Is(err, errInterrupted) {
			return err
		}
	}
	return err
}

func dumpOnce(typ uint16, header []byte, each func(nlMessage) error) error {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return fmt.Errorf("netlink socket: %w", err)
	}
	defer unix.Close(fd)
	tv := unix.Timeval{Sec: 5}
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		return err
	}
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return fmt.Errorf("netlink bind: %w", err)
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		return err
	}
	pid := sa.(*unix.SockaddrNetlink).Pid
	const seq = 1
	if err := unix.Sendto(fd, request(typ, seq, header), 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return fmt.Errorf("netlink send: %w", err)
	}
	return receive(fd, pid, seq, each)
}

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
func receive(fd int, pid, seq uint32, each func(nlMessage) error) error {
	buf := make([]byte, recvBufSize)
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
			return true, fmt.Errorf("netlink: %w", syscall.Errno(-code))
		}
		return false, nil
	}
	return false, each(m)
}
