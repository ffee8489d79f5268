package accounts

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"time"
)

// User is one entry of the passwd database.
type User struct {
	Name     string
	UID, GID int
	Home     string // absolute
}

// Accounts is what the credentials domain asks of the OS.
type Accounts interface {
	// Lookup finds name in the passwd database: ErrNoUser when absent.
	Lookup(name string) (User, error)
	// SetPassword runs chpasswd (-e when crypted) for name; the error of a
	// failed run carries chpasswd's output.
	SetPassword(name string, password []byte, crypted bool) error
	// ReadKeys returns the content of u's authorized_keys; an error
	// wrapping fs.ErrNotExist when it (or .ssh) does not exist.
	ReadKeys(u User) ([]byte, error)
	// WriteKeys replaces u's authorized_keys with content, creating .ssh
	// when missing.
	WriteKeys(u User, content []byte) error
}

// MaxKeysFile bounds authorized_keys, read or written: about 7000 RSA-4096
// keys, far more than sshd is ever given.
const MaxKeysFile = 4 << 20

// Timeout bounds chpasswd and every file operation on a home directory.
const Timeout = 30 * time.Second

// Errors of the backends.
var (
	// ErrNoUser is Lookup's answer for a name the passwd database lacks.
	ErrNoUser = errors.New("no such user")
	// ErrTooLarge: authorized_keys is (or would become) larger than MaxKeysFile.
	ErrTooLarge = fmt.Errorf("larger than %d bytes", MaxKeysFile)
)

// KeysPath is where u's authorized_keys lives.
func KeysPath(u User) string { return filepath.Join(u.Home, ".ssh", "authorized_keys") }

// SSHDir is u's .ssh directory.
func SSHDir(u User) string { return filepath.Join(u.Home, ".ssh") }

// IsNotExist reports whether err says authorized_keys (or .ssh, or the
// home directory) does not exist.
func IsNotExist(err error) bool {
	var ue *UnsafeError
	return !errors.As(err, &ue) && errors.Is(err, fs.ErrNotExist)
}

// UnsafeError is a refusal to touch a path the user could have prepared
// to trick the agent (a symbolic link, a FIFO, someone else's file).
type UnsafeError struct {
	Path string
	Why  string
}

func (e *UnsafeError) Error() string { return fmt.Sprintf("refusing '%s': %s", e.Path, e.Why) }

// ChildError is a chpasswd run that failed; Output is what it printed
// (bounded), Status its exit status or -1 when it did not exit normally.
type ChildError struct {
	Status int
	Output string
	Cause  string // set when it did not exit normally: "killed after the 30s timeout", "signal: killed"
}

func (e *ChildError) Error() string {
	switch {
	case e.Cause != "" && e.Output != "":
		return fmt.Sprintf("child process has terminated abnormally: %s: %s", e.Cause, e.Output)
	case e.Cause != "":
		return "child process has terminated abnormally: " + e.Cause
	case e.Output != "":
		return "child process has failed to set user password: " + e.Output
	}
	return fmt.Sprintf("child process has failed to set user password: exit status %d", e.Status)
}
