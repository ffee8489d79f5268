//go:build linux

package transport

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"time"
)

// openUnix listens on a unix socket at o.Path (close-on-exec, as all
// sockets made by package net). The socket file is removed on Close.
func openUnix(o Options) (Listener, error) {
	if err := removeStaleSocket(o.Path); err != nil {
		return nil, fmt.Errorf("%s: %w", MethodUnix, err)
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: o.Path, Net: "unix"})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", MethodUnix, err)
	}
	return newStreamListener(MethodUnix+":"+o.Path, ln, nil, o.Log), nil
}

// removeStaleSocket removes a socket file left by an agent that died, so
// that listening does not fail with "address in use". It refuses to remove
// anything else, or a socket somebody still listens on.
func removeStaleSocket(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.Mode().Type() != fs.ModeSocket {
		return fmt.Errorf("%s exists and is not a socket", path)
	}
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		_ = c.Close()
		return fmt.Errorf("%s is in use by another process", path)
	}
	return os.Remove(path)
}
