//go:build linux

package accounts

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// MaxChildOutput bounds what is kept of chpasswd's output for the error.
const MaxChildOutput = 4096

// SetPassword feeds "name:password\n" to chpasswd's stdin, as qemu-ga
// does, with -e when the password is already crypted. chpasswd runs in
// its own session with the agent's environment, stdout and stderr merged
// into one bounded buffer, and is killed (its whole session) after
// Timeout. The line is zeroed once written.
func (l *Linux) SetPassword(name string, password []byte, crypted bool) error {
	path, err := l.chpasswdPath()
	if err != nil {
		// qemu-ga 11.1's child reports its failed exec this way.
		return &ChildError{Status: 1, Output: "failed to exec '" + l.Chpasswd + "': No such file or directory"}
	}
	line := make([]byte, 0, len(name)+len(password)+2)
	line = append(append(append(append(line, name...), ':'), password...), '\n')
	defer clear(line)
	ctx, cancel := context.WithTimeout(context.Background(), l.Timeout)
	defer cancel()
	args := []string{}
	if crypted {
		args = append(args, "-e")
	}
	cmd, out := child(ctx, path, args...)
	cmd.Args[0] = l.Chpasswd
	cmd.Stdin = bytes.NewReader(line)
	cmd.Stderr = out
	return childResult(cmd.Run(), ctx.Err(), l.Timeout, out.String())
}

// chpasswdPath finds chpasswd in PATH, else at ChpasswdAt.
func (l *Linux) chpasswdPath() (string, error) {
	path, err := exec.LookPath(l.Chpasswd)
	if err == nil {
		return path, nil
	}
	for _, p := range l.ChpasswdAt {
		if unix.Access(p, unix.X_OK) == nil {
			return p, nil
		}
	}
	return "", err
}

// child is a helper program run under ctx: its own session, killed whole
// when ctx ends (a child it left holding the pipes included), stdout into
// a bounded buffer.
func child(ctx context.Context, path string, args ...string) (*exec.Cmd, *outputCap) {
	cmd := exec.CommandContext(ctx, path, args...)
	out := &outputCap{}
	cmd.Stdout = out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second
	return cmd, out
}

func childResult(err, ctxErr error, timeout time.Duration, output string) error {
	output = strings.TrimRight(output, " \t\r\n")
	var exit *exec.ExitError
	switch {
	case err == nil:
		return nil
	case errors.Is(ctxErr, context.DeadlineExceeded):
		return &ChildError{Status: -1, Cause: "killed after the " + timeout.String() + " timeout", Output: output}
	case errors.As(err, &exit) && exit.Exited():
		return &ChildError{Status: exit.ExitCode(), Output: output}
	case errors.As(err, &exit):
		return &ChildError{Status: -1, Cause: exit.String(), Output: output}
	}
	return &ChildError{Status: -1, Cause: err.Error()}
}

// outputCap keeps the first MaxChildOutput bytes written to it.
type outputCap struct{ b []byte }

func (c *outputCap) Write(p []byte) (int, error) {
	c.b = append(c.b, p[:min(len(p), MaxChildOutput-len(c.b))]...)
	return len(p), nil
}

func (c *outputCap) String() string { return string(c.b) }
