//go:build linux

package files

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// confinedTree builds:
//
//	TMP/outside/secret
//	TMP/allowed/in.txt, sub/x.txt
//	TMP/allowed/in-link -> in.txt, out-link -> ../outside/secret
//	TMP/allowed/dir-in -> sub, dir-out -> ../outside
//	TMP/allowed2/y.txt       (shares a prefix with allowed)
//	TMP/root-link -> allowed (the --file-allow given)
func confinedTree(t *testing.T) string {
	t.Helper()
	tmp := t.TempDir()
	for _, d := range []string{"outside", "allowed/sub", "allowed2"} {
		must(t, os.MkdirAll(filepath.Join(tmp, d), 0o755))
	}
	for name, content := range map[string]string{
		"outside/secret": "secret", "allowed/in.txt": "in", "allowed/w.txt": "w", "allowed/sub/x.txt": "x", "allowed2/y.txt": "y",
	} {
		must(t, os.WriteFile(filepath.Join(tmp, name), []byte(content), 0o644))
	}
	for link, target := range map[string]string{
		"allowed/in-link": "in.txt", "allowed/out-link": "../outside/secret",
		"allowed/dir-in": "sub", "allowed/dir-out": "../outside", "root-link": "allowed",
	} {
		must(t, os.Symlink(target, filepath.Join(tmp, link)))
	}
	return tmp
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var (
	readMode  = Mode{Access: ReadOnly}
	writeMode = Mode{Access: WriteOnly, Create: true, Truncate: true}
)

func TestConfinedOpen(t *testing.T) {
	tmp := confinedTree(t)
	fsys, err := NewLinux(Options{FileMode: 0o640, Allow: []string{filepath.Join(tmp, "root-link")}})
	must(t, err)
	tests := []struct {
		path string
		mode Mode
		want string // "ok:CONTENT", "ok", "outside", "symlink" or an errno text
	}{
		{"allowed/in.txt", readMode, "ok:in"},
		{"allowed/w.txt", writeMode, "ok"},
		{"allowed/new.txt", writeMode, "ok"},
		{"root-link/sub/x.txt", readMode, "ok:x"},
		{"allowed/in-link", readMode, "ok:in"},
		{"allowed/dir-in/x.txt", readMode, "ok:x"},
		{"allowed/dir-in/made.txt", writeMode, "ok"},
		{"allowed/sub/../in.txt", readMode, "ok:in"},
		{"allowed/", readMode, "ok"},
		{"outside/secret", readMode, "outside"},
		{"outside/new", writeMode, "outside"},
		{"allowed2/y.txt", readMode, "outside"},
		{"allowed/../outside/secret", readMode, "outside"},
		{"allowed/out-link", readMode, "outside"},
		{"allowed/out-link", writeMode, "symlink"},
		{"allowed/in-link", writeMode, "symlink"},
		{"allowed/dir-out/secret", readMode, "outside"},
		{"allowed/dir-out/new", writeMode, "outside"},
		{"allowed/dir-out/../allowed/in.txt", readMode, "ok:in"},
		{"allowed/nope/x", writeMode, "No such file or directory"},
		{"", readMode, "No such file or directory"},
	}
	for _, rel := range []bool{false, true} {
		if rel {
			t.Chdir(tmp)
		}
		for _, tt := range tests {
			p := tt.path
			if !rel && p != "" {
				p = tmp + "/" + p // not Join: it would clean "dir-out/.." away
			}
			f, err := fsys.Open(p, tt.mode)
			if got := outcome(t, f, err); got != tt.want {
				t.Errorf("open %q (%s): %s, want %s", p, tt.mode, got, tt.want)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(tmp, "outside", "new")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused write created a file outside: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(tmp, "allowed", "new.txt")); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("created file: %v, %v; want mode 0640", fi, err)
	}
	if b, _ := os.ReadFile(filepath.Join(tmp, "outside", "secret")); string(b) != "secret" {
		t.Errorf("the secret was changed: %q", b)
	}
}

// outcome words an Open's result for the table.
func outcome(t *testing.T, f File, err error) string {
	t.Helper()
	var ce *ConfinedError
	switch {
	case errors.As(err, &ce) && ce.Reason == reasonOutside:
		return "outside"
	case errors.As(err, &ce) && ce.Reason == reasonSymlink:
		return "symlink"
	case err != nil:
		return Strerror(err)
	}
	defer f.Close()
	buf := make([]byte, 64)
	n, rerr := f.Read(buf)
	if rerr != nil || n == 0 {
		return "ok"
	}
	return "ok:" + string(buf[:n])
}

// A directory swapped for a symbolic link after resolve and before open
// (a guest user racing the host) must not lead the open outside: the
// kernel refuses the link (openat2), or the check after the open does.
func TestConfinedOpenRefusesARaceSwap(t *testing.T) {
	tmp := confinedTree(t)
	fsys, err := NewLinux(Options{FileMode: 0o600, Allow: []string{filepath.Join(tmp, "allowed")}})
	must(t, err)
	c := fsys.(linuxFS).confine
	resolved, err := c.resolve(filepath.Join(tmp, "allowed", "sub", "secret"), false)
	must(t, err)
	// The race: sub becomes a link to the outside after resolve.
	must(t, os.Rename(filepath.Join(tmp, "allowed", "sub"), filepath.Join(tmp, "allowed", "sub.old")))
	must(t, os.Symlink("../outside", filepath.Join(tmp, "allowed", "sub")))
	for _, fallback := range []bool{false, true} {
		noOpenat2.Store(fallback)
		fd, err := c.open(resolved, unix.O_RDONLY|unix.O_CLOEXEC)
		if err == nil {
			unix.Close(fd)
			t.Errorf("fallback %v: the swapped path opened", fallback)
		}
		var ce *ConfinedError
		if !errors.Is(err, unix.ELOOP) && !errors.As(err, &ce) {
			t.Errorf("fallback %v: %v, want ELOOP or a refusal", fallback, err)
		}
	}
	noOpenat2.Store(false)
}

func TestNewLinuxRejectsBadAllow(t *testing.T) {
	tmp := confinedTree(t)
	for _, dir := range []string{"relative", filepath.Join(tmp, "missing"), filepath.Join(tmp, "allowed", "in.txt")} {
		if _, err := NewLinux(Options{Allow: []string{dir}}); err == nil || !strings.Contains(err.Error(), "--file-allow") {
			t.Errorf("--file-allow %s: %v", dir, err)
		}
	}
}

// Without --file-allow, opens behave as qemu-ga's: a symbolic link as the
// last component is followed, also for writing.
func TestUnconfinedFollowsLinks(t *testing.T) {
	tmp := confinedTree(t)
	f, err := Linux().Open(filepath.Join(tmp, "allowed", "out-link"), Mode{Access: WriteOnly, Append: true})
	must(t, err)
	f.Close()
}
