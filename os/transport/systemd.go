//go:build linux

package transport

import (
	"errors"
	"fmt"
	"net"
	"os"

	"github.com/coreos/go-systemd/v22/activation"
	"github.com/mdlayher/vsock"
	"go.uber.org/zap"
	"golang.org/x/sys/unix"
)

// FromSystemd returns a Listener on the socket handed over by systemd socket
// activation (LISTEN_PID/LISTEN_FDS, fd 3), or nil, nil when the process was
// not socket-activated. The variables are unset so that children do not
// inherit them. Unix and vsock listening sockets are supported; the family
// is read from the socket itself. Only o.VsockAllowCIDs and o.Log are used.
func FromSystemd(o Options) (Listener, error) {
	o, _ = o.withDefaults() // Path may be empty here: only logging and CIDs matter
	files := activation.Files(true)
	if len(files) == 0 {
		return nil, nil
	}
	defer func() { // the listener holds its own duplicate
		for _, f := range files {
			_ = f.Close()
		}
	}()
	if len(files) > 1 {
		return nil, fmt.Errorf("systemd passed %d sockets; the agent uses exactly one", len(files))
	}
	return listenerFromFile(files[0], o)
}

// listenerFromFile wraps an inherited listening socket.
func listenerFromFile(f *os.File, o Options) (Listener, error) {
	sa, err := sockname(f)
	if err != nil {
		return nil, fmt.Errorf("systemd socket: %w", err)
	}
	switch sa := sa.(type) {
	case *unix.SockaddrUnix:
		ln, err := net.FileListener(f)
		if err != nil {
			return nil, fmt.Errorf("systemd socket: %w", err)
		}
		return newStreamListener(MethodUnix+":"+sa.Name+" (systemd)", ln, nil, o.Log), nil
	case *unix.SockaddrVM:
		ln, err := vsock.FileListener(f)
		if err != nil {
			return nil, fmt.Errorf("systemd socket: %w", err)
		}
		name := fmt.Sprintf("%s:%d:%d (systemd)", MethodVsock, int32(sa.CID), sa.Port)
		return newStreamListener(name, ln, vsockAdmit(o.VsockAllowCIDs, o.Log.With(zap.String("transport", name))), o.Log), nil
	}
	return nil, fmt.Errorf("systemd socket: unsupported address family %T", sa)
}

// sockname reads the address of a listening socket. It goes through
// SyscallConn rather than f.Fd(), which would switch the shared file
// description to blocking mode.
func sockname(f *os.File) (unix.Sockaddr, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, err
	}
	var sa unix.Sockaddr
	var listening int
	var serr error
	err = rc.Control(func(fd uintptr) {
		if listening, serr = unix.GetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_ACCEPTCONN); serr != nil {
			serr = os.NewSyscallError("getsockopt", serr)
			return
		}
		sa, serr = unix.Getsockname(int(fd))
		serr = os.NewSyscallError("getsockname", serr)
	})
	switch {
	case err != nil:
		return nil, err
	case serr != nil:
		return nil, serr
	case listening == 0: // Accept=yes units pass a connection; the agent wants the listener
		return nil, errors.New("not a listening socket (use Accept=no in the socket unit)")
	}
	return sa, nil
}
