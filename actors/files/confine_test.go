package files

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	osfiles "github.com/goqga/goqga/os/files"
)

// permFS fails every create the way a refused fchmod does.
type permFS struct{ osfiles.FS }

func (permFS) Open(string, osfiles.Mode) (osfiles.File, error) {
	return nil, &osfiles.PermError{Mode: 0o640, Err: syscall.EPERM}
}

// The replies of a confined open keep qemu-ga's prefix and say why.
func TestConfinedOpenReplies(t *testing.T) {
	dir := t.TempDir()
	allowed := filepath.Join(dir, "allowed")
	if err := os.Mkdir(allowed, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "secret"), []byte("s"), 0o600)
	os.Symlink("../secret", filepath.Join(allowed, "link"))
	fsys, err := osfiles.NewLinux(osfiles.Options{FileMode: 0o600, Allow: []string{allowed}})
	if err != nil {
		t.Fatal(err)
	}
	l := New(Config{FS: fsys, StatePath: filepath.Join(dir, "qga.state"), MaxHandles: 4})
	tests := []struct{ args, want string }{
		{`{"path":"` + dir + `/secret"}`,
			fail("failed to open file '" + dir + "/secret' (mode: 'r'): the path is outside the directories allowed by --file-allow")},
		{`{"path":"` + allowed + `/link","mode":"a"}`,
			fail("failed to open file '" + allowed + "/link' (mode: 'a'): the path is a symbolic link, which --file-allow refuses for writing")},
		{`{"path":"` + allowed + `/new","mode":"w"}`, ok("1000")},
	}
	for _, tt := range tests {
		if got := call(l, "guest-file-open", tt.args); got != tt.want {
			t.Errorf("open %s:\n got %s\nwant %s", tt.args, got, tt.want)
		}
	}
	call(l, "guest-file-close", `{"handle":1000}`)
	if fi, err := os.Stat(filepath.Join(allowed, "new")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("created file %v %v, want mode 0600", fi, err)
	}
	// qemu-ga's text for a failed fchmod, with the mode actually asked for.
	l = New(Config{FS: permFS{fsys}, StatePath: filepath.Join(dir, "qga.state"), MaxHandles: 4})
	want := fail("failed to set permission 0640 on new file '/x' (mode: 'w'): Operation not permitted")
	if got := call(l, "guest-file-open", `{"path":"/x","mode":"w"}`); got != want {
		t.Errorf("perm error:\n got %s\nwant %s", got, want)
	}
}

// A panic reading the counter at start-up (outside any actor) must not
// take the agent down: it is a state error, and the next open reads the
// counter again.
func TestStatePanicAtStart(t *testing.T) {
	f := newFixture(t, 10, "")
	os.WriteFile(f.path("x"), nil, 0o644)
	f.l = f.logic(10, "os.read_state=panic*1")
	want := "cannot read the file handle counter from " + f.state +
		": panic: injected panic at os.read_state@" + f.state + " (fix or remove the file)"
	if f.l.stateErr == nil || f.l.stateErr.Error() != want {
		t.Fatalf("state error %v, want %q", f.l.stateErr, want)
	}
	if got := f.call("guest-file-open", `{"path":"`+f.path("x")+`"}`); got != ok("1000") {
		t.Errorf("open after the panic: %s (the reload must succeed)", got)
	}
}
