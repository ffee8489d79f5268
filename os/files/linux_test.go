//go:build linux

package files

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

func fdOf(t *testing.T, f File) int {
	t.Helper()
	for {
		switch v := f.(type) {
		case *fdFile:
			return v.fd
		case *faultyFile:
			f = v.f
		case *journalFile:
			f = v.File
		default:
			t.Fatalf("unexpected file type %T", f)
		}
	}
}

func TestOpenFlagsAndModes(t *testing.T) {
	old := unix.Umask(0o077) // a strict umask must not change created files' mode
	defer unix.Umask(old)
	cases := []struct {
		mode    Mode
		accmode int
		append  bool
		exists  bool // the file exists before the open
		content string
	}{
		{Mode{Access: ReadOnly}, unix.O_RDONLY, false, true, "old"},
		{Mode{Access: WriteOnly, Create: true, Truncate: true}, unix.O_WRONLY, false, true, ""},
		{Mode{Access: WriteOnly, Create: true, Truncate: true}, unix.O_WRONLY, false, false, ""},
		{Mode{Access: WriteOnly, Create: true, Append: true}, unix.O_WRONLY, true, true, "old"},
		{Mode{Access: ReadWrite}, unix.O_RDWR, false, true, "old"},
		{Mode{Access: ReadWrite, Create: true, Truncate: true}, unix.O_RDWR, false, true, ""},
		{Mode{Access: ReadWrite, Create: true, Append: true}, unix.O_RDWR, true, false, ""},
	}
	for _, c := range cases {
		t.Run(c.mode.String(), func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "f")
			if c.exists {
				os.WriteFile(p, []byte("old"), 0o600)
			}
			f, err := Linux().Open(p, c.mode)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			fd := fdOf(t, f)
			fdfl, _ := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
			fl, _ := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
			if fdfl&unix.FD_CLOEXEC == 0 || fl&unix.O_NONBLOCK == 0 {
				t.Errorf("fd flags %#x, status flags %#x: want close-on-exec and non-blocking", fdfl, fl)
			}
			if fl&unix.O_ACCMODE != c.accmode || (fl&unix.O_APPEND != 0) != c.append {
				t.Errorf("status flags %#o, want access %#o append %v", fl, c.accmode, c.append)
			}
			fi, _ := os.Stat(p)
			wantPerm := fs.FileMode(0o600)
			if !c.exists {
				wantPerm = DefaultFileMode
			}
			if fi.Mode().Perm() != wantPerm {
				t.Errorf("perm %o, want %o", fi.Mode().Perm(), wantPerm)
			}
			if b, _ := os.ReadFile(p); string(b) != c.content {
				t.Errorf("content %q, want %q", b, c.content)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Linux().Open(filepath.Join(dir, "missing"), Mode{})
	if !errors.Is(err, fs.ErrNotExist) || Strerror(err) != "No such file or directory" {
		t.Errorf("missing file: %v (%q)", err, Strerror(err))
	}
	_, err = Linux().Open(dir, Mode{Access: WriteOnly, Create: true, Truncate: true})
	if Strerror(err) != "Is a directory" {
		t.Errorf("directory for writing: %v", err)
	}
	// A dangling symlink: the exclusive create says EEXIST, the plain open
	// ENOENT, as qemu-ga reports it.
	link := filepath.Join(dir, "dangling")
	os.Symlink(filepath.Join(dir, "nowhere"), link)
	if _, err := Linux().Open(link, Mode{Access: WriteOnly, Create: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("dangling symlink: %v", err)
	}
}

func TestReadWriteSeekFlushClose(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	f, err := Linux().Open(p, Mode{Access: ReadWrite, Create: true, Truncate: true})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.Write([]byte("hello world")); n != 11 || err != nil {
		t.Fatalf("write %d %v", n, err)
	}
	if err := f.Flush(); err != nil {
		t.Fatal(err)
	}
	if pos, err := f.Seek(6, SeekSet); pos != 6 || err != nil {
		t.Fatalf("seek %d %v", pos, err)
	}
	buf := make([]byte, 10)
	if n, err := f.Read(buf); string(buf[:n]) != "world" || err != nil {
		t.Fatalf("read %q %v", buf[:n], err)
	}
	if n, err := f.Read(buf); n != 0 || err != nil {
		t.Fatalf("read at EOF %d %v", n, err)
	}
	if pos, err := f.Seek(-2, SeekEnd); pos != 9 || err != nil {
		t.Fatalf("seek end %d %v", pos, err)
	}
	if _, err := f.Seek(-100, SeekCur); Strerror(err) != "Invalid argument" {
		t.Fatalf("seek before start: %v", err)
	}
	fd := fdOf(t, f)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != unix.EBADF {
		t.Errorf("fd %d still open after Close: %v", fd, err)
	}
	if err := f.Close(); err != unix.EBADF {
		t.Errorf("second Close = %v, want EBADF", err)
	}
}

// A FIFO must never block the agent: reads without a writer's data say
// EAGAIN, and Flush on it succeeds (nothing to sync).
func TestFIFONonBlocking(t *testing.T) {
	p := filepath.Join(t.TempDir(), "fifo")
	if err := unix.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := Linux().Open(p, Mode{Access: ReadOnly})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w, err := Linux().Open(p, Mode{Access: WriteOnly})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := r.Read(make([]byte, 8)); !IsWouldBlock(err) {
		t.Fatalf("empty FIFO read: %v, want EAGAIN", err)
	}
	if err := w.Flush(); err != nil {
		t.Errorf("Flush on a FIFO: %v", err)
	}
	if _, err := w.Seek(0, SeekSet); Strerror(err) != "Illegal seek" {
		t.Errorf("seek on a FIFO: %v", err)
	}
}

func TestStateFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "qga.state")
	if _, err := Linux().ReadState(p); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing state: %v", err)
	}
	if err := Linux().WriteState(p, []byte("[global]\nfd_counter=7\n")); err != nil {
		t.Fatal(err)
	}
	if b, err := Linux().ReadState(p); string(b) != "[global]\nfd_counter=7\n" || err != nil {
		t.Fatalf("read back %q %v", b, err)
	}
	os.WriteFile(p, make([]byte, MaxStateBytes+1), 0o644)
	if _, err := Linux().ReadState(p); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("oversized state: %v", err)
	}
}

func TestStrerror(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{syscall.ENOENT, "No such file or directory"},
		{syscall.EIO, "Input/output error"},
		{&fs.PathError{Op: "open", Path: "/x", Err: syscall.EACCES}, "Permission denied"},
		{&PermError{Err: syscall.EPERM}, "Operation not permitted"},
		{errors.New("plain"), "plain"},
	}
	for _, c := range cases {
		if got := Strerror(c.err); got != c.want {
			t.Errorf("Strerror(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
