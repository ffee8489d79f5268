package files

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// ConfinedError refuses an open that --file-allow does not allow. It
// carries no errno on purpose: the reply should say why, not just
// "Permission denied".
type ConfinedError struct {
	Path   string // the path as asked
	Reason string
}

func (e *ConfinedError) Error() string { return e.Reason }

// The reasons a confined open is refused.
const (
	reasonOutside = "the path is outside the directories allowed by --file-allow"
	reasonSymlink = "the path is a symbolic link, which --file-allow refuses for writing"
	reasonMoved   = "the path changed while it was being opened (a symbolic link appeared); refused by --file-allow"
)

// confinement is --file-allow: opens are limited to some directories.
// roots are absolute, clean and free of symbolic links, so a resolved
// path is inside a root exactly when it has the root as a prefix.
type confinement struct {
	roots []string
}

// newConfinement resolves the allowed directories; nil when there are none.
func newConfinement(dirs []string) (*confinement, error) {
	if len(dirs) == 0 {
		return nil, nil
	}
	c := &confinement{}
	for _, d := range dirs {
		if !filepath.IsAbs(d) {
			return nil, fmt.Errorf("--file-allow %s: not an absolute path", d)
		}
		r, err := filepath.EvalSymlinks(d)
		if err != nil {
			return nil, fmt.Errorf("--file-allow %s: %w", d, err)
		}
		if fi, err := os.Stat(r); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("--file-allow %s: not a directory", d)
		}
		c.roots = append(c.roots, r)
	}
	return c, nil
}

// allows reports whether the resolved path p lies in one of the roots.
func (c *confinement) allows(p string) bool {
	for _, r := range c.roots {
		if p == r || strings.HasPrefix(p, r+"/") || r == "/" {
			return true
		}
	}
	return false
}

// resolve returns what to open for path: the path with every symbolic
// link resolved, if it lies in an allowed directory. The directory part
// is resolved without cleaning it first, so "link/.." means what the
// kernel would make of it. A symbolic link as the last component is
// refused for writing (a guest user could point it at /etc/shadow) and
// followed for reading, where the target must be allowed too.
func (c *confinement) resolve(path string, write bool) (string, error) {
	if path == "" {
		return "", &os.PathError{Op: "open", Path: path, Err: syscall.ENOENT}
	}
	if !filepath.IsAbs(path) {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		path = wd + "/" + path
	}
	full, err := resolveParent(path)
	if err != nil {
		return "", err
	}
	if fi, err := os.Lstat(full); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		if write {
			return "", &ConfinedError{Path: path, Reason: reasonSymlink}
		}
		if full, err = filepath.EvalSymlinks(full); err != nil {
			return "", err
		}
	}
	if !c.allows(full) {
		return "", &ConfinedError{Path: path, Reason: reasonOutside}
	}
	return full, nil
}

// resolveParent resolves the directory part of the absolute path p and
// joins the last component back. A path ending in "/", "." or ".." names
// a directory: it is resolved whole.
func resolveParent(p string) (string, error) {
	i := strings.LastIndexByte(p, '/')
	dir, last := p[:i+1], p[i+1:]
	if last == "" || last == "." || last == ".." {
		return filepath.EvalSymlinks(p)
	}
	rdir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", err
	}
	return filepath.Join(rdir, last), nil
}
