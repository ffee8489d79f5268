//go:build linux

package files

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/os/sim"
)

// Every point fires for its target only, and an untargeted rule for any.
func TestFaultPoints(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	other := filepath.Join(dir, "g")
	for _, q := range []string{p, other} {
		os.WriteFile(q, []byte("data"), 0o644)
	}
	state := filepath.Join(dir, "qga.state")
	calls := []struct {
		point string
		call  func(fsys FS, f File) error
	}{
		{"os.open", func(fsys FS, _ File) error { _, err := fsys.Open(p, Mode{}); return err }},
		{"os.read", func(_ FS, f File) error { _, err := f.Read(make([]byte, 1)); return err }},
		{"os.write", func(_ FS, f File) error { _, err := f.Write([]byte("x")); return err }},
		{"os.seek", func(_ FS, f File) error { _, err := f.Seek(0, SeekSet); return err }},
		{"os.flush", func(_ FS, f File) error { return f.Flush() }},
		{"os.close", func(_ FS, f File) error { return f.Close() }},
		{"os.read_state", func(fsys FS, _ File) error { _, err := fsys.ReadState(state); return err }},
		{"os.write_state", func(fsys FS, _ File) error { return fsys.WriteState(state, []byte("x")) }},
	}
	for _, c := range calls {
		target := p
		if strings.HasSuffix(c.point, "_state") {
			target = state
		}
		for _, spec := range []string{c.point + "=error(EIO)", c.point + "@" + target + "=error(EIO)"} {
			inj, err := faults.Parse(spec + "," + c.point + "@" + other + "=error(ENOSPC)")
			if err != nil {
				t.Fatal(err)
			}
			fsys := WithFaults(Linux(), inj)
			f, err := Linux().Open(p, Mode{Access: ReadWrite})
			if err != nil {
				t.Fatal(err)
			}
			ff := &faultyFile{f: f, inj: inj}
			if err := c.call(fsys, ff); !errors.Is(err, unix.EIO) {
				t.Errorf("%s: got %v, want injected EIO", spec, err)
			}
			f.Close()
		}
	}
}

// An injected close failure still releases the descriptor.
func TestInjectedCloseReleasesFD(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	inj, _ := faults.Parse("os.close=error(EIO)")
	f, err := WithFaults(Linux(), inj).Open(p, Mode{Access: WriteOnly, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	fd := fdOf(t, f)
	if err := f.Close(); !errors.Is(err, unix.EIO) {
		t.Fatalf("Close = %v, want injected EIO", err)
	}
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != unix.EBADF {
		t.Errorf("fd %d still open: %v", fd, err)
	}
}

func TestJournal(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	var b bytes.Buffer
	fsys := Journaled(Linux(), sim.NewJournal(&b))
	f, err := fsys.Open(p, Mode{Access: ReadWrite, Create: true, Truncate: true})
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	fsys.Open(p+".missing", Mode{}) // failures are not journaled
	want := `{"mode":"rwtc","op":"file-open","path":"` + p + `"}` + "\n" +
		`{"op":"file-close","path":"` + p + `"}` + "\n"
	if b.String() != want {
		t.Errorf("journal:\n%s\nwant:\n%s", b.String(), want)
	}
}
