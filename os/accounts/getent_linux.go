//go:build linux

package accounts

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
)

// getent asks getent(1) for name's passwd entry: exit status 2 is "no
// such user". Only an entry with exactly that name counts (getent
// passwd 0 answers root's entry, which is not user "0").
func (l *Linux) getent(name string) (User, error) {
	if l.Getent == "" {
		return User{}, ErrNoUser
	}
	path, err := exec.LookPath(l.Getent)
	if err != nil {
		return User{}, ErrNoUser
	}
	ctx, cancel := context.WithTimeout(context.Background(), l.Timeout)
	defer cancel()
	cmd, out := child(ctx, path, "passwd", "--", name)
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return User{}, fmt.Errorf("getent passwd did not answer within %v", l.Timeout)
	case errors.As(err, &exit) && exit.ExitCode() == 2:
		return User{}, ErrNoUser
	case err != nil:
		return User{}, fmt.Errorf("getent passwd: %v", err)
	}
	return FindUser([]byte(out.String()), name)
}
