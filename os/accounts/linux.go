//go:build linux

package accounts

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/goqga/goqga/os/files"
)

// Linux is the real guest's accounts.
type Linux struct {
	PasswdPath string        // /etc/passwd; tests point it at samples
	Chpasswd   string        // the program, looked up in PATH as qemu-ga does: "chpasswd"
	Timeout    time.Duration // bounds chpasswd
	fs         *bounded
}

// NewLinux returns the real backend.
func NewLinux() *Linux {
	return &Linux{PasswdPath: "/etc/passwd", Chpasswd: "chpasswd", Timeout: Timeout, fs: newBounded(Timeout)}
}

// Lookup reads the passwd file. Only the file is consulted, not other NSS
// sources (LDAP, sssd): a static agent has no libc to ask.
func (l *Linux) Lookup(name string) (User, error) {
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
