//go:build linux

package transport

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
	"golang.org/x/sys/unix"
)

// A session starts when the host sends data, ends with io.EOF when the host
// goes away, refuses late replies, and a detached port costs no reads while
// Accept waits; Close wakes that Accept.
func TestVirtioSessionLifecycle(t *testing.T) {
	p, host := socketpairPort(t)
	l := testDevListener(t, devConfig{open: onceOpener(p), reattach: true})

	mustWrite(t, host, `{"execute":"guest-ping"}`)
	c := accept(t, l)
	expectRead(t, c, `{"execute":"guest-ping"}`)
	mustWrite(t, c, "{\"return\": {}}\n")
	expectRead(t, host, "{\"return\": {}}\n")

	_ = host.Close()
	expectReadErr(t, c, io.EOF)
	if _, err := c.Write([]byte("late reply")); !errors.Is(err, ErrDetached) {
		t.Fatalf("Write after detach = %v, want ErrDetached", err)
	}
	_ = c.Close()

	ch := acceptAsync(l)
	time.Sleep(50 * time.Millisecond) // let Accept reach epoll_wait
	before := p.reads.Load()
	expectBlocked(t, ch, 200*time.Millisecond, "Accept on a detached port")
	if n := p.reads.Load() - before; n != 0 {
		t.Fatalf("detached port was read %d times while Accept waited; want 0 (no spinning)", n)
	}
	_ = l.Close()
	if r := recv(t, ch, "Accept after Close"); !errors.Is(r.err, ErrClosed) {
		t.Fatalf("Accept after Close = %v, want ErrClosed", r.err)
	}
}

// The same port serves several hosts in turn: a pty master stands in for
// the device (its slave is the host side; closing the slave is a detach,
// reopening it an attach, like a host connecting to QEMU's chardev).
func TestVirtioReattach(t *testing.T) {
	m, slavePath := newPty(t)
	p, err := newPort(m, "pty", true, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	p.detachErr = unix.EIO // what a master reads while its slave is closed
	t.Cleanup(p.close)
	l := testDevListener(t, devConfig{open: onceOpener(p), reattach: true})

	host := openRawSlave(t, slavePath)
	mustWrite(t, host, "one")
	c1 := accept(t, l)
	expectRead(t, c1, "one")
	mustWrite(t, c1, "r1")
	expectRead(t, host, "r1")

	_ = host.Close()
	expectReadErr(t, c1, io.EOF)
	if _, err := c1.Write([]byte("stale")); !errors.Is(err, ErrDetached) {
		t.Fatalf("Write after detach = %v, want ErrDetached", err)
	}
	_ = c1.Close()

	ch := acceptAsync(l)
	time.Sleep(50 * time.Millisecond)
	before := p.reads.Load()
	expectBlocked(t, ch, 200*time.Millisecond, "Accept while detached")
	if n := p.reads.Load() - before; n != 0 {
		t.Fatalf("%d reads while detached, want 0", n)
	}

	host2 := openRawSlave(t, slavePath)
	r := recv(t, ch, "Accept after reattach")
	if r.err != nil {
		t.Fatal(r.err)
	}
	defer r.c.Close()
	mustWrite(t, host2, "two")
	expectRead(t, r.c, "two")
	mustWrite(t, r.c, "r2")
	expectRead(t, host2, "r2") // nothing stale from the first session came first
	if r.c.String() == c1.String() {
		t.Fatalf("sessions share a name: %q", r.c.String())
	}
}

// Close of the listener wakes a blocked Read and a blocked Write.
func TestVirtioCloseWakesReadAndWrite(t *testing.T) {
	p, host := socketpairPort(t)
	l := testDevListener(t, devConfig{open: onceOpener(p), reattach: true})
	c := accept(t, l)
	_ = host // attached, never reads: the Write below fills the buffer

	wr := writeAsync(c, make([]byte, 16<<20))
	rd := readAsync(c, 1)
	time.Sleep(100 * time.Millisecond)
	expectBlocked(t, rd, 0, "Read")
	expectBlocked(t, wr, 0, "Write")
	_ = l.Close()
	if r := recv(t, rd, "Read after Close"); !errors.Is(r.err, ErrClosed) {
		t.Fatalf("Read = %v, want ErrClosed", r.err)
	}
	if r := recv(t, wr, "Write after Close"); !errors.Is(r.err, ErrClosed) {
		t.Fatalf("Write = %v, want ErrClosed", r.err)
	}
}

// Closing a session wakes its Read but keeps the device: the next Accept
// starts a new session on the same, still attached, port.
func TestVirtioConnCloseKeepsDevice(t *testing.T) {
	p, host := socketpairPort(t)
	l := testDevListener(t, devConfig{open: onceOpener(p), reattach: true})
	c := accept(t, l)
	rd := readAsync(c, 1)
	expectBlocked(t, rd, 50*time.Millisecond, "Read")
	_ = c.Close()
	if r := recv(t, rd, "Read after Conn.Close"); !errors.Is(r.err, ErrClosed) {
		t.Fatalf("Read = %v, want ErrClosed", r.err)
	}
	c2 := accept(t, l)
	mustWrite(t, host, "again")
	expectRead(t, c2, "again")
}

// Large transfers both ways at once: reads drain to EAGAIN with odd buffer
// sizes, writes wait for EPOLLOUT when the host is slow.
func TestVirtioLargeTransfer(t *testing.T) {
	p, host := socketpairPort(t)
	l := testDevListener(t, devConfig{open: onceOpener(p), reattach: true})
	mustWrite(t, host, "x")
	c := accept(t, l)
	expectRead(t, c, "x")

	in := make([]byte, 3<<20)
	out := make([]byte, 3<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range in {
		in[i], out[i] = byte(rng.Uint32()), byte(rng.Uint32())
	}
	hostWrote := writeAsync(host, in)
	agentWrote := writeAsync(c, out)

	got := make([]byte, 0, len(in))
	buf := make([]byte, 333)
	for len(got) < len(in) {
		n, err := c.Read(buf)
		if err != nil {
			t.Fatalf("Read after %d bytes: %v", len(got), err)
		}
		got = append(got, buf[:n]...)
	}
	time.Sleep(50 * time.Millisecond) // the agent's Write is now stuck on EAGAIN
	hostGot := recv(t, readAsync(host, len(out)), "host read")
	if !bytes.Equal(got, in) || !bytes.Equal(hostGot.b, out) {
		t.Fatal("data corrupted in transit")
	}
	for _, ch := range []<-chan ioResult{hostWrote, agentWrote} {
		if r := recv(t, ch, "Write"); r.err != nil || r.n != len(in) {
			t.Fatalf("Write = %d, %v", r.n, r.err)
		}
	}
}

// A Write blocked because the host does not read fails promptly once the
// host goes away, instead of waiting for the next host.
func TestVirtioWriteFailsFastOnDetach(t *testing.T) {
	p, host := socketpairPort(t)
	l := testDevListener(t, devConfig{open: onceOpener(p), reattach: true})
	c := accept(t, l)
	wr := writeAsync(c, make([]byte, 16<<20))
	expectBlocked(t, wr, 100*time.Millisecond, "Write to a host that does not read")
	_ = host.Close()
	r := recv(t, wr, "Write after detach")
	if r.err == nil || r.n == 16<<20 {
		t.Fatalf("Write = %d, %v; want an error", r.n, r.err)
	}
	if !errors.Is(r.err, ErrDetached) && !errors.Is(r.err, syscall.EPIPE) {
		t.Fatalf("Write error = %v, want ErrDetached", r.err)
	}
}

// Input left by a host that has already gone is dropped, not served to the
// next host (whose session would otherwise start with stale requests and get
// their replies).
func TestVirtioDropsInputOfDetachedHost(t *testing.T) {
	p, host := socketpairPort(t)
	l := testDevListener(t, devConfig{open: onceOpener(p), reattach: true})
	mustWrite(t, host, `{"execute":"guest-shutdown"}`)
	_ = host.Close()
	waitUntil(t, "the hang-up report", func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.hups > 0
	})
	ch := acceptAsync(l)
	expectBlocked(t, ch, 100*time.Millisecond, "Accept")
	p.mu.Lock()
	dropped := p.discarded
	p.mu.Unlock()
	if dropped != len(`{"execute":"guest-shutdown"}`) {
		t.Fatalf("dropped %d bytes", dropped)
	}
	_ = l.Close()
	if r := recv(t, ch, "Accept"); !errors.Is(r.err, ErrClosed) {
		t.Fatalf("Accept = %v", r.err)
	}
}

// A device that disappears (read fails with EIO: a pty master whose slave
// closed, without the stand-in mapping) is closed and reopened.
func TestVirtioReopensLostDevice(t *testing.T) {
	hosts := make(chan *os.File, 4) // buffered: the opener never blocks
	open := func() (*port, error) { // runs inside Accept: no t.Fatal here
		m, path, err := makePty()
		if err != nil {
			return nil, err
		}
		host, err := rawSlave(path)
		if err != nil {
			_ = unix.Close(m)
			return nil, err
		}
		hosts <- host
		return newPort(m, path, true, zap.NewNop())
	}
	t.Cleanup(func() {
		for len(hosts) > 0 {
			_ = (<-hosts).Close()
		}
	})
	l := testDevListener(t, devConfig{open: open, reattach: true, retry: true})
	host1 := recv(t, hosts, "first open")
	mustWrite(t, host1, "a")
	c1 := accept(t, l)
	expectRead(t, c1, "a")
	_ = host1.Close()
	expectReadErr(t, c1, io.EOF)
	_ = c1.Close()

	c2 := accept(t, l)
	host2 := recv(t, hosts, "reopen")
	defer host2.Close()
	mustWrite(t, host2, "b")
	expectRead(t, c2, "b")
	if _, err := c1.Read(make([]byte, 1)); !errors.Is(err, ErrClosed) {
		t.Fatalf("old session Read = %v, want ErrClosed (device closed)", err)
	}
}

// RetryPath: Open succeeds although the device is missing, Accept retries
// every interval; the first failure is logged at info, the rest at debug.
func TestVirtioRetryOpen(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	p, host := socketpairPort(t)
	fails := 3
	open := func() (*port, error) {
		if fails > 0 {
			fails--
			return nil, &os.PathError{Op: "open", Path: "/dev/missing", Err: unix.ENOENT}
		}
		return p, nil
	}
	l := testDevListener(t, devConfig{open: open, reattach: true, retry: true, log: zap.New(core)})
	mustWrite(t, host, "hi")
	c := accept(t, l)
	expectRead(t, c, "hi")

	var levels []string
	for _, e := range logs.All() {
		levels = append(levels, e.Level.String()+":"+e.Message)
	}
	want := []string{
		"info:cannot open transport device, retrying",
		"debug:cannot open transport device, retrying",
		"debug:cannot open transport device, retrying",
		"info:transport device opened",
	}
	if strings.Join(levels, "|") != strings.Join(want, "|") {
		t.Fatalf("logs:\n%s\nwant:\n%s", strings.Join(levels, "\n"), strings.Join(want, "\n"))
	}
}

// Close interrupts Accept's wait between retries.
func TestVirtioRetryInterruptedByClose(t *testing.T) {
	l, err := Open(Options{Path: "/nonexistent/org.qemu.guest_agent.0", RetryPath: true,
		RetryInterval: time.Hour, SysfsRoot: t.TempDir()})
	if err != nil {
		t.Fatalf("Open with RetryPath: %v", err)
	}
	ch := acceptAsync(l)
	expectBlocked(t, ch, 100*time.Millisecond, "Accept")
	_ = l.Close()
	if r := recv(t, ch, "Accept after Close"); !errors.Is(r.err, ErrClosed) {
		t.Fatalf("Accept = %v", r.err)
	}
}

// Without RetryPath a missing device is an error naming the path.
func TestOpenMissingDevice(t *testing.T) {
	for _, o := range []Options{
		{Method: MethodVirtio, Path: "/nonexistent/org.qemu.guest_agent.0", SysfsRoot: t.TempDir()},
		{Method: MethodISA, Path: "/nonexistent/ttyS9"},
	} {
		l, err := Open(o)
		if err == nil {
			_ = l.Close()
			t.Fatalf("Open(%s) succeeded", o.Path)
		}
		if !strings.Contains(err.Error(), o.Path) {
			t.Fatalf("error %q does not name %s", err, o.Path)
		}
	}
}

// When the /dev/virtio-ports link is missing the port is found by its sysfs
// name and opened non-blocking and close-on-exec. A FIFO stands in for the
// device node.
func TestVirtioOpenThroughSysfs(t *testing.T) {
	sys, dev := t.TempDir(), t.TempDir()
	writeSysfsPort(t, sys, "vport0p1", "com.redhat.spice.0\n")
	writeSysfsPort(t, sys, "vport1p2", "org.qemu.guest_agent.0\n")
	if err := unix.Mkfifo(filepath.Join(dev, "vport1p2"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := openVirtioPort("/nonexistent/org.qemu.guest_agent.0", sys, dev, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.close)
	if p.name != filepath.Join(dev, "vport1p2") {
		t.Fatalf("opened %s", p.name)
	}
	for _, fd := range []int{p.fd, p.epfd, p.wakefd} {
		if cloexec, _ := fdFlags(t, fd); !cloexec {
			t.Fatalf("fd %d is not close-on-exec", fd)
		}
	}
	if _, nonblock := fdFlags(t, p.fd); !nonblock {
		t.Fatal("device is not non-blocking")
	}
	// The FIFO loops our own writes back: the epoll loop works on it.
	l := testDevListener(t, devConfig{open: onceOpener(p), reattach: true})
	c := accept(t, l)
	mustWrite(t, c, "loop")
	expectRead(t, c, "loop")
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
