package credentials

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/goqga/goqga/os/accounts"
	"github.com/goqga/goqga/os/files"
)

// describe words an OS error for a person: C's strerror for an errno,
// the refusal's reason for an unsafe path.
func describe(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return files.Strerror(pe.Err)
	}
	return files.Strerror(err)
}

// readError is qemu-ga's "failed to read" text. A file that cannot be
// opened gets GLib's words too, as qemu-ga's reply has them.
func readError(u accounts.User, err error) error {
	path := accounts.KeysPath(u)
	var pe *fs.PathError
	var ue *accounts.UnsafeError
	switch {
	case errors.As(err, &ue):
		return fmt.Errorf("failed to read '%s': %s", path, ue)
	case errors.As(err, &pe) && pe.Op == "open":
		return fmt.Errorf("failed to read '%s': Failed to open file “%s”: %s", path, path, files.Strerror(pe.Err))
	case errors.As(err, &pe):
		return fmt.Errorf("failed to read '%s': %s", path, files.Strerror(pe.Err))
	}
	return fmt.Errorf("failed to read '%s': %s", path, describe(err))
}

// writeError is qemu-ga's text for the step that failed.
func writeError(u accounts.User, err error) error {
	var pe *fs.PathError
	var ue *accounts.UnsafeError
	switch {
	case errors.As(err, &ue):
		return fmt.Errorf("failed to write to '%s': %s", accounts.KeysPath(u), ue)
	case errors.As(err, &pe) && pe.Op == "mkdir":
		return fmt.Errorf("failed to create directory '%s': %s", pe.Path, files.Strerror(pe.Err))
	case errors.As(err, &pe) && pe.Op == "chown":
		return fmt.Errorf("failed to set ownership of '%s': %s", pe.Path, files.Strerror(pe.Err))
	case errors.As(err, &pe):
		return fmt.Errorf("failed to write to '%s': %s: %s", accounts.KeysPath(u), pe.Path, files.Strerror(pe.Err))
	}
	return fmt.Errorf("failed to write to '%s': %s", accounts.KeysPath(u), describe(err))
}

// passwordError keeps a failed chpasswd's own text (qemu-ga 11.1's, with
// its output) and words any other failure (chpasswd could not be
// started) the same way as the rest.
func passwordError(err error) error {
	var ce *accounts.ChildError
	if err == nil || errors.As(err, &ce) {
		return err
	}
	return fmt.Errorf("failed to set user password: %s", describe(err))
}
