package vm

import (
	"bufio"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
)

// endMarker starts the line the guest's control shell prints after each
// command: "@@goqga-end N STATUS".
const endMarker = "@@goqga-end "

// maxCtlOutput bounds what one command may print (tests read small files).
const maxCtlOutput = 1 << 20

// Ctl drives the guest's control shell (busybox sh on the virtio-serial
// port org.goqga.ctl, behind a QEMU socket chardev): the guest-side helper that lets a test look at
// and act on the guest independently of the agent under test.
type Ctl struct {
	mu   sync.Mutex
	conn net.Conn
	r    *bufio.Reader
	n    int
}

// DialCtl connects to the control socket.
func DialCtl(path string, timeout time.Duration) (*Ctl, error) {
	conn, err := net.DialTimeout("unix", path, timeout)
	if err != nil {
		return nil, err
	}
	return &Ctl{conn: conn, r: bufio.NewReader(conn)}, nil
}

// readyMarker is the line the control shell prints once it reads input.
const readyMarker = "@@goqga-ctl-ready"

// WaitReady reads until the shell's ready line: the host must not type
// before it (see guest/ctl).
func (c *Ctl) WaitReady(timeout time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conn.SetReadDeadline(time.Now().Add(timeout))
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("guest shell: no ready line: %v", err)
		}
		if strings.TrimRight(line, "\r\n") == readyMarker {
			return nil
		}
	}
}

// Run runs a shell command in the guest (stdin /dev/null, stderr joined
// to stdout) and returns its output and exit status.
func (c *Ctl) Run(cmd string, timeout time.Duration) (string, int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	n := c.n
	c.conn.SetDeadline(time.Now().Add(timeout))
	script := fmt.Sprintf("{ %s\n} </dev/null 2>&1; echo \"%s%d $?\"\n", cmd, endMarker, n)
	if _, err := c.conn.Write([]byte(script)); err != nil {
		return "", -1, err
	}
	var out strings.Builder
	for {
		line, err := c.r.ReadString('\n')
		if err != nil {
			return out.String(), -1, fmt.Errorf("guest shell: %q: %v (output so far %q)", cmd, err, out.String())
		}
		line = strings.TrimRight(line, "\r\n")
		// Output that does not end in a newline (cat of a file without
		// one) puts the end marker at the end of its last line.
		body, seq, status, ok := cutEnd(line)
		switch {
		case ok && seq == n:
			out.WriteString(body)
			return out.String(), status, nil
		case ok: // the end of an earlier command that timed out: its output is not ours
			out.Reset()
		case out.Len() < maxCtlOutput:
			out.WriteString(line + "\n")
		}
	}
}

// Must runs cmd and fails unless it exits 0.
func (c *Ctl) Must(cmd string, timeout time.Duration) (string, error) {
	out, status, err := c.Run(cmd, timeout)
	if err == nil && status != 0 {
		err = fmt.Errorf("guest shell: %q exited %d: %s", cmd, status, out)
	}
	return out, err
}

// cutEnd splits a line into output and the end marker that closes it.
func cutEnd(line string) (body string, seq, status int, ok bool) {
	i := strings.LastIndex(line, endMarker)
	if i < 0 {
		return line, 0, 0, false
	}
	if seq, status, ok = ParseEnd(line[i:]); !ok {
		return line, 0, 0, false
	}
	return line[:i], seq, status, true
}

// ParseEnd reads an end marker line: "@@goqga-end N STATUS".
func ParseEnd(line string) (seq, status int, ok bool) {
	rest, found := strings.CutPrefix(line, endMarker)
	if !found {
		return 0, 0, false
	}
	a, b, found := strings.Cut(rest, " ")
	seq, err1 := strconv.Atoi(a)
	status, err2 := strconv.Atoi(b)
	if !found || err1 != nil || err2 != nil || seq < 0 || status < 0 {
		return 0, 0, false
	}
	return seq, status, true
}

// Close ends the connection (the guest's shell keeps running).
func (c *Ctl) Close() error { return c.conn.Close() }

// Exists reports whether path exists in the guest.
func (c *Ctl) Exists(path string) bool {
	_, status, err := c.Run("test -e "+path, time.Minute)
	return err == nil && status == 0
}

// StartWrite starts, in the guest's background, a write of a small file
// in dir (a mountpoint); the returned flag file appears once the write
// completed. A write to a frozen filesystem waits for the thaw, so the
// flag tells whether dir is frozen.
func (c *Ctl) StartWrite(dir, name string) (flag string, err error) {
	flag = "/tmp/" + name + ".done"
	_, err = c.Must(fmt.Sprintf("rm -f %[1]s; (echo %[2]s > %[3]s/%[2]s && echo ok > %[1]s) >/dev/null 2>&1 &", flag, name, dir), time.Minute)
	return flag, err
}

// MustRun runs cmd (Must, a minute at most) and fails t unless it exits
// 0; it returns the output.
func (c *Ctl) MustRun(t TB, cmd string) string {
	t.Helper()
	out, err := c.Must(cmd, time.Minute)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return out
}
