package files

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSandboxMapsGuestPathsIntoRoot(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o600)
	os.Mkdir(filepath.Join(root, "etc"), 0o755)
	os.WriteFile(filepath.Join(root, "etc", "hostname"), []byte("guest"), 0o644)
	os.Symlink(filepath.Join(outside, "secret"), filepath.Join(root, "abs-escape"))
	os.Symlink("../../../../../../.."+outside, filepath.Join(root, "etc", "rel-escape"))
	os.Symlink("hostname", filepath.Join(root, "etc", "inside"))
	fsys, err := Sandbox(root, Options{FileMode: 0o600})
	if err != nil {
		t.Fatal(err)
	}
	read := func(p string) (string, error) {
		f, err := fsys.Open(p, Mode{})
		if err != nil {
			return "", err
		}
		defer f.Close()
		if f.Path() != p {
			t.Errorf("Path() = %q, want the guest path %q", f.Path(), p)
		}
		b := make([]byte, 64)
		n, err := f.Read(b)
		if err != nil && err != io.EOF {
			return "", err
		}
		return string(b[:n]), nil
	}
	for _, p := range []string{"/etc/hostname", "etc/hostname", "/../../etc/hostname", "/etc/./inside"} {
		if got, err := read(p); got != "guest" || err != nil {
			t.Errorf("%s: %q, %v", p, got, err)
		}
	}
	for _, p := range []string{"/abs-escape", "/etc/rel-escape/secret"} {
		_, err := read(p)
		var ce *ConfinedError
		if !errors.As(err, &ce) || ce.Reason != reasonOutsideRoot {
			t.Errorf("%s: %v, want refused as leaving the root", p, err)
		}
	}
	if _, err := read(filepath.Join(outside, "secret")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a host path is not the guest's: %v", err)
	}
	w, err := fsys.Open("/new", Mode{Access: WriteOnly, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("x"))
	w.Close()
	if b, _ := os.ReadFile(filepath.Join(root, "new")); string(b) != "x" {
		t.Errorf("created file on the host: %q", b)
	}
	if _, err := fsys.Open("/etc/inside", Mode{Access: WriteOnly}); err == nil || !strings.Contains(err.Error(), "simulated guest refuses for writing") {
		t.Errorf("writing through a symlink: %v", err)
	}
}

func TestSandboxFileAllowIsInGuestPaths(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "data"), 0o755)
	os.WriteFile(filepath.Join(root, "other"), nil, 0o644)
	fsys, err := Sandbox(root, Options{FileMode: 0o600, Allow: []string{"/data"}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := fsys.Open("/data/f", Mode{Access: WriteOnly, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	var ce *ConfinedError
	if _, err := fsys.Open("/other", Mode{}); !errors.As(err, &ce) || ce.Reason != reasonOutside {
		t.Errorf("outside --file-allow: %v", err)
	}
	if _, err := Sandbox(root, Options{Allow: []string{"/missing"}}); err == nil || !strings.Contains(err.Error(), "--file-allow /missing") {
		t.Errorf("a missing allowed directory: %v", err)
	}
	if _, err := Sandbox(filepath.Join(root, "nope"), Options{}); err == nil {
		t.Error("a missing root was accepted")
	}
}
