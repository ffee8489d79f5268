//go:build linux

package accounts

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/goqga/goqga/os/files"
)

// Linux is the real guest's accounts.
type Linux struct {
	PasswdPath string // /etc/passwd; tests point it at samples
	// Chpasswd is the program, looked up in PATH as qemu-ga does
	// ("chpasswd"), else at the first of ChpasswdAt that exists: a PATH
	// without the sbin directories (no PATH at all: glibc's default is
	// /bin:/usr/bin) does not lose password changes.
	Chpasswd   string
	ChpasswdAt []string
	// Getent asks libc's NSS for users the passwd file lacks (LDAP, sssd,
	// systemd-homed): "getent" from PATH; "" never asks.
	Getent  string
	Timeout time.Duration // bounds chpasswd and getent
	fs      *bounded
}

// NewLinux returns the real backend.
func NewLinux() *Linux {
	return &Linux{PasswdPath: "/etc/passwd", Chpasswd: "chpasswd", ChpasswdAt: []string{"/usr/sbin/chpasswd", "/sbin/chpasswd"},
		Getent: "getent", Timeout: Timeout, fs: newBounded(Timeout)}
}

// Lookup reads the passwd file, then asks getent(1) for a name it lacks:
// a static agent has no libc of its own to reach the other NSS sources.
func (l *Linux) Lookup(name string) (User, error) {
	u, err := l.lookupFile(name)
	if errors.Is(err, ErrNoUser) && name != "" {
		return l.getent(name)
	}
	return u, err
}

func (l *Linux) lookupFile(name string) (User, error) {
	f, err := os.Open(l.PasswdPath)
	if err != nil {
		return User{}, fmt.Errorf("cannot read %s: %s", l.PasswdPath, files.Strerror(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxPasswd))
	if err != nil {
		return User{}, fmt.Errorf("cannot read %s: %s", l.PasswdPath, files.Strerror(err))
	}
	return FindUser(b, name)
}

// ReadKeys reads u's authorized_keys under the deadline.
func (l *Linux) ReadKeys(u User) ([]byte, error) {
	var out []byte
	err := l.fs.run(func() error {
		var err error
		out, err = readKeys(u)
		return err
	})
	return out, err
}

// WriteKeys replaces u's authorized_keys under the deadline.
func (l *Linux) WriteKeys(u User, content []byte) error {
	if len(content) > MaxKeysFile {
		return &fs.PathError{Op: "write", Path: KeysPath(u), Err: ErrTooLarge}
	}
	return l.fs.run(func() error { return writeKeys(u, content) })
}
