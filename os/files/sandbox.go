package files

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// The reasons the sandbox refuses an open, in its own words (the
// confinement underneath speaks of --file-allow, which may not be set).
const (
	reasonOutsideRoot  = "the path leads out of the simulated guest's root (--sim-root): a symbolic link in it points outside"
	reasonSymlinkInSim = "the path is a symbolic link, which the simulated guest refuses for writing"
)

// Sandbox returns the simulated guest's files (--os sim): guest path P
// is the host file root/P, "." and ".." taken lexically from the guest's
// "/" (so "/../etc/passwd" is root/etc/passwd), and the open is confined
// to root the way --file-allow confines it, symbolic links resolved: a
// link inside root that points outside is refused, never followed. With
// o.Allow, the allowed directories are guest paths too (root/DIR).
// The state file (STATEDIR/qga.state) stays a real path: it is the
// agent's own, not the guest's.
func Sandbox(root string, o Options) (FS, error) {
	r, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, fmt.Errorf("--sim-root %s: %w", root, err)
	}
	if fi, err := os.Stat(r); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("--sim-root %s: not a directory", root)
	}
	s := &sandboxFS{root: r, userAllow: len(o.Allow) > 0}
	allow := []string{r}
	if s.userAllow {
		allow = allow[:0]
		for _, d := range o.Allow {
			if fi, err := os.Stat(s.host(d)); !filepath.IsAbs(d) || err != nil || !fi.IsDir() {
				return nil, fmt.Errorf("--file-allow %s: not a directory of the simulated guest (its / is --sim-root %s)", d, root)
			}
			allow = append(allow, s.host(d))
		}
	}
	if s.FS, err = NewLinux(Options{FileMode: o.FileMode, Allow: allow}); err != nil {
		return nil, err
	}
	return s, nil
}

type sandboxFS struct {
	FS        // the confined real backend, on host paths
	root      string
	userAllow bool // --file-allow was given: its refusals keep their reason
}

// host maps a guest path to its file under root.
func (s *sandboxFS) host(guest string) string {
	return filepath.Join(s.root, filepath.Clean("/"+guest))
}

func (s *sandboxFS) Open(path string, m Mode) (File, error) {
	if path == "" {
		return nil, &os.PathError{Op: "open", Path: path, Err: syscall.ENOENT}
	}
	f, err := s.FS.Open(s.host(path), m)
	if err != nil {
		return nil, s.guestError(path, err)
	}
	return &sandboxFile{File: f, path: path}, nil
}

// sandboxFile names itself by its guest path (fault targets, journal).
type sandboxFile struct {
	File
	path string
}

func (f *sandboxFile) Path() string { return f.path }

// guestError rewords a refusal of the confinement underneath for the
// guest's path, unless it is the operator's --file-allow speaking.
func (s *sandboxFS) guestError(path string, err error) error {
	var ce *ConfinedError
	if !errors.As(err, &ce) || s.userAllow {
		return err
	}
	if ce.Reason == reasonSymlink {
		return &ConfinedError{Path: path, Reason: reasonSymlinkInSim}
	}
	return &ConfinedError{Path: path, Reason: reasonOutsideRoot}
}
