//go:build linux

package transport

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

const systemdChildEnv = "GOQGA_TRANSPORT_SYSTEMD_CHILD"

// systemdChild runs in the re-executed test binary, started like systemd
// starts a socket-activated service: LISTEN_PID/LISTEN_FDS set, listening
// socket at fd 3. It serves one client: reads a line, answers "echo:" + it.
func systemdChild() int {
	fail := func(format string, a ...any) int {
		fmt.Fprintf(os.Stderr, format+"\n", a...)
		return 1
	}
	l, err := FromSystemd(Options{})
	if err != nil || l == nil {
		return fail("FromSystemd = %v, %v", l, err)
	}
	defer l.Close()
	for _, v := range []string{"LISTEN_PID", "LISTEN_FDS"} {
		if _, set := os.LookupEnv(v); set {
			return fail("%s still set", v)
		}
	}
	if _, err := unix.FcntlInt(3, unix.F_GETFD, 0); !errors.Is(err, unix.EBADF) {
		return fail("fd 3 still open (%v): the listener should hold its own copy", err)
	}
	fmt.Println(l.String())
	c, err := l.Accept()
	if err != nil {
		return fail("Accept: %v", err)
	}
	defer c.Close()
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return fail("Read: %v", err)
	}
	if _, err := c.Write([]byte("echo:" + line)); err != nil {
		return fail("Write: %v", err)
	}
	return 0
}

func TestFromSystemdUnix(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh to set LISTEN_PID to the child's pid")
	}
	path := filepath.Join(t.TempDir(), "qga.sock")
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	f, err := ln.File()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	// sh's $$ is the pid the test binary will have after exec, as systemd
	// sets LISTEN_PID to the service's own pid.
	cmd := exec.Command(sh, "-c", `LISTEN_PID=$$ exec "$0" -test.run=^$`, os.Args[0])
	cmd.Env = append(os.Environ(), "LISTEN_FDS=1", systemdChildEnv+"=1")
	cmd.ExtraFiles = []*os.File{f} // fd 3
	var out, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := dial(t, path)
	mustWrite(t, c, "ping\n")
	expectRead(t, c, "echo:ping\n")
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("child: %v\n%s", err, stderr.String())
		}
	case <-time.After(wait):
		_ = cmd.Process.Kill()
		<-done
		t.Fatal("child did not exit")
	}
	if !strings.HasPrefix(out.String(), MethodUnix+":"+path) {
		t.Fatalf("child listener: %q", out.String())
	}
}

// Not socket-activated (no variables, or LISTEN_PID of another process):
// nil, nil, and the variables are cleared either way.
func TestFromSystemdNotActivated(t *testing.T) {
	if l, err := FromSystemd(Options{}); l != nil || err != nil {
		t.Fatalf("FromSystemd = %v, %v", l, err)
	}
	t.Setenv("LISTEN_PID", "1")
	t.Setenv("LISTEN_FDS", "1")
	if l, err := FromSystemd(Options{}); l != nil || err != nil {
		t.Fatalf("FromSystemd with a foreign LISTEN_PID = %v, %v", l, err)
	}
	if _, set := os.LookupEnv("LISTEN_FDS"); set {
		t.Fatal("LISTEN_FDS not unset")
	}
}

// The family of an inherited socket decides the transport: a vsock socket
// gets the CID filter. Needs AF_VSOCK in the kernel.
func TestListenerFromVsockFile(t *testing.T) {
	fd, err := unix.Socket(unix.AF_VSOCK, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Skipf("no AF_VSOCK here: %v", err)
	}
	f := os.NewFile(uintptr(fd), "vsock")
	defer f.Close()
	if err := unix.Bind(fd, &unix.SockaddrVM{CID: unix.VMADDR_CID_ANY, Port: unix.VMADDR_PORT_ANY}); err != nil {
		t.Skipf("cannot bind AF_VSOCK: %v", err)
	}
	if err := unix.Listen(fd, 1); err != nil {
		t.Fatal(err)
	}
	o, _ := Options{}.withDefaults()
	l, err := listenerFromFile(f, o)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	sl, ok := l.(*streamListener)
	if !ok || sl.admit == nil || !strings.HasPrefix(l.String(), MethodVsock+":-1:") {
		t.Fatalf("got %T %q, want a filtered vsock listener", l, l.String())
	}
}

// A connected socket (an Accept=yes unit) is refused with a clear error.
func TestListenerFromConnectedSocket(t *testing.T) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fds[1])
	f := os.NewFile(uintptr(fds[0]), "conn")
	defer f.Close()
	o, _ := Options{}.withDefaults()
	if l, err := listenerFromFile(f, o); err == nil || !strings.Contains(err.Error(), "not a listening socket") {
		if l != nil {
			_ = l.Close()
		}
		t.Fatalf("listenerFromFile(connected socket) = %v", err)
	}
}
