//go:build linux

package transport

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// isaOnPty opens the isa-serial transport on a pty slave; the master is the
// host side.
func isaOnPty(t *testing.T, o Options) (Listener, *os.File, string) {
	t.Helper()
	m, slave := newPty(t)
	master := os.NewFile(uintptr(m), "ptmx")
	t.Cleanup(func() { _ = master.Close() })
	if err := master.SetDeadline(time.Now().Add(2 * wait)); err != nil {
		t.Fatal(err)
	}
	o.Method, o.Path = MethodISA, slave
	l, err := Open(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	return l, master, slave
}

func allBytes() []byte {
	b := make([]byte, 0, 512)
	for i := range 512 {
		b = append(b, byte(i))
	}
	return b
}

// Raw mode: every byte value, including 0xFF (resync), 0x11/0x13
// (XON/XOFF), CR, ^C, ^D and DEL, passes unchanged both ways.
func TestISARawBytes(t *testing.T) {
	l, master, slave := isaOnPty(t, Options{})
	c := accept(t, l)
	all := allBytes()

	if _, err := master.Write(all); err != nil {
		t.Fatal(err)
	}
	if r := recv(t, readAsync(c, len(all)), "Read"); r.err != nil || !bytes.Equal(r.b, all) {
		t.Fatalf("host→agent: got % x, %v", r.b, r.err)
	}
	if _, err := c.Write(all); err != nil {
		t.Fatal(err)
	}
	if r := recv(t, readAsync(master, len(all)), "host read"); r.err != nil || !bytes.Equal(r.b, all) {
		t.Fatalf("agent→host: got % x, %v", r.b, r.err)
	}

	fd, err := unix.Open(slave, unix.O_RDONLY|unix.O_NOCTTY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	tio, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if tio.Iflag&(unix.ISTRIP|unix.IXON|unix.IXOFF|unix.ICRNL) != 0 || tio.Oflag&unix.OPOST != 0 ||
		tio.Lflag&(unix.ICANON|unix.ECHO|unix.ISIG) != 0 || tio.Cflag&(unix.CSIZE|unix.PARENB) != unix.CS8 ||
		tio.Cc[unix.VMIN] != 1 || tio.Cc[unix.VTIME] != 0 {
		t.Fatalf("termios not raw: %+v", tio)
	}
}

// Closing a session keeps the tty open; the next session starts at once.
func TestISASessionsShareDevice(t *testing.T) {
	l, master, _ := isaOnPty(t, Options{})
	c1 := accept(t, l)
	_ = c1.Close()
	if _, err := c1.Read(make([]byte, 1)); !errors.Is(err, ErrClosed) {
		t.Fatalf("Read after Close = %v", err)
	}
	c2 := accept(t, l)
	if _, err := master.Write([]byte("x")); err != nil {
		t.Fatal(err)
	}
	expectRead(t, c2, "x")
}

// A hang-up (the master side closing) ends the session with io.EOF. The tty
// is gone, so without RetryPath the next Accept fails naming the path; with
// it, Accept keeps retrying until Close.
func TestISAHangup(t *testing.T) {
	for _, retry := range []bool{false, true} {
		l, master, slave := isaOnPty(t, Options{RetryPath: retry, RetryInterval: 10 * time.Millisecond})
		c := accept(t, l)
		_ = master.Close()
		expectReadErr(t, c, io.EOF)
		_ = c.Close()
		ch := acceptAsync(l)
		if !retry {
			r := recv(t, ch, "Accept")
			if r.err == nil || !strings.Contains(r.err.Error(), slave) {
				t.Fatalf("Accept after hang-up = %v; want an error naming %s", r.err, slave)
			}
			continue
		}
		expectBlocked(t, ch, 100*time.Millisecond, "Accept with RetryPath")
		_ = l.Close()
		if r := recv(t, ch, "Accept"); !errors.Is(r.err, ErrClosed) {
			t.Fatalf("Accept = %v", r.err)
		}
	}
}
