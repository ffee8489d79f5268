package files

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"syscall"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func readReply(data string, eof bool) string {
	return ok(fmt.Sprintf(`{"count":%d,"buf-b64":"%s","eof":%v}`, len(data), b64(data), eof))
}

func (f *fixture) content(name string) string {
	f.t.Helper()
	b, err := os.ReadFile(f.path(name))
	if err != nil {
		f.t.Fatal(err)
	}
	return string(b)
}

// TestOpenModes opens an existing file "old" in every mode qemu-ga
// accepts, writes "new" where the mode allows, and checks the file.
func TestOpenModes(t *testing.T) {
	cases := []struct {
		modes   []string
		content string // after writing "new"
		canRead bool
	}{
		{[]string{"r", "rb"}, "old", true},
		{[]string{"w", "wb"}, "new", false},
		{[]string{"a", "ab"}, "oldnew", false},
		{[]string{"r+", "rb+", "r+b"}, "new", true},
		{[]string{"w+", "wb+", "w+b"}, "new", true},
		{[]string{"a+", "ab+", "a+b"}, "oldnew", true},
	}
	for _, c := range cases {
		for _, mode := range c.modes {
			f := newFixture(t, 10, "")
			os.WriteFile(f.path("x"), []byte("old"), 0o644)
			h := f.openH(f.path("x"), mode)
			w := f.call("guest-file-write", fmt.Sprintf(`{"handle":%d,"buf-b64":"%s"}`, h, b64("new")))
			if mode[0] == 'r' && !strings.Contains(mode, "+") {
				if w != fail("failed to write to file: Bad file descriptor") {
					t.Errorf("%s: write to read-only: %s", mode, w)
				}
			}
			f.expect("guest-file-seek", fmt.Sprintf(`{"handle":%d,"offset":0,"whence":"set"}`, h), ok(`{"position":0,"eof":false}`))
			r := f.call("guest-file-read", fmt.Sprintf(`{"handle":%d}`, h))
			if got := strings.HasPrefix(r, `{"return"`); got != c.canRead {
				t.Errorf("%s: read after seek: %s", mode, r)
			}
			f.expect("guest-file-close", fmt.Sprintf(`{"handle":%d}`, h), ok(`{}`))
			if got := f.content("x"); got != c.content {
				t.Errorf("%s: file %q, want %q", mode, got, c.content)
			}
			if f.fs.total() != 0 {
				t.Errorf("%s: %d files left open", mode, f.fs.total())
			}
		}
	}
}

func TestOpenErrors(t *testing.T) {
	f := newFixture(t, 10, "")
	missing := f.path("missing")
	cases := []struct{ args, want string }{
		{`{"path":"` + missing + `"}`, fail("failed to open file '" + missing + "' (mode: 'r'): No such file or directory")},
		{`{"path":"` + missing + `","mode":"r+"}`, fail("failed to open file '" + missing + "' (mode: 'r+'): No such file or directory")},
		{`{"path":"` + f.dir + `","mode":"w"}`, fail("failed to open file '" + f.dir + "' (mode: 'w'): Is a directory")},
		{`{"path":"x","mode":"zz"}`, fail("invalid file open mode 'zz'")},
		{`{"path":"x","mode":"rw"}`, fail("invalid file open mode 'rw'")},
		{`{"path":"x","mode":""}`, fail("invalid file open mode ''")},
		{`{"mode":"r"}`, fail("Parameter 'path' is missing")},
		{`{"path":1}`, fail("Invalid parameter type for 'path', expected: string")},
	}
	for _, c := range cases {
		f.expect("guest-file-open", c.args, c.want)
	}
	if _, err := os.Stat(f.state); !os.IsNotExist(err) {
		t.Errorf("a failed open wrote the state file: %v", err)
	}
}

// Relative paths resolve against the agent's working directory.
func TestOpenRelative(t *testing.T) {
	f := newFixture(t, 10, "")
	t.Chdir(f.dir)
	h := f.openH("rel.txt", "w")
	f.call("guest-file-write", fmt.Sprintf(`{"handle":%d,"buf-b64":"%s"}`, h, b64("here")))
	f.call("guest-file-close", fmt.Sprintf(`{"handle":%d}`, h))
	if f.content("rel.txt") != "here" {
		t.Error("relative file not written in the working directory")
	}
}

// Handles start at 1000, are never reused, and the counter is on disk
// before the handle is returned, so a restart continues it.
func TestHandlesPersist(t *testing.T) {
	f := newFixture(t, 10, "")
	os.WriteFile(f.path("x"), nil, 0o644)
	for i, want := range []int64{1000, 1001} {
		if h := f.openH(f.path("x"), "r"); h != want {
			t.Fatalf("open %d: handle %d, want %d", i, h, want)
		}
		if got, want := f.content("qga.state"), fmt.Sprintf("[global]\nfd_counter=%d\n", want+1); got != want {
			t.Fatalf("state %q, want %q", got, want)
		}
	}
	f.expect("guest-file-close", `{"handle":1001}`, ok(`{}`))
	if h := f.openH(f.path("x"), "r"); h != 1002 {
		t.Fatalf("after a close: handle %d, want 1002", h)
	}
	// A restart: a new Logic on the same state file.
	f.l = f.logic(10, "")
	if h := f.openH(f.path("x"), "r"); h != 1003 {
		t.Fatalf("after a restart: handle %d, want 1003", h)
	}
	f.expect("guest-file-read", `{"handle":1000}`, fail("handle '1000' has not been found"))
}

func TestUnknownHandle(t *testing.T) {
	f := newFixture(t, 10, "")
	want := fail("handle '1234' has not been found")
	f.expect("guest-file-read", `{"handle":1234,"count":-1}`, want) // the handle is checked first
	f.expect("guest-file-write", `{"handle":1234,"buf-b64":"!"}`, want)
	f.expect("guest-file-seek", `{"handle":1234,"offset":0,"whence":9}`, want)
	f.expect("guest-file-flush", `{"handle":1234}`, want)
	f.expect("guest-file-close", `{"handle":1234}`, want)
}

// TestReadEOF follows qemu-ga's eof rule on a 5-byte file.
func TestReadEOF(t *testing.T) {
	f := newFixture(t, 10, "")
	os.WriteFile(f.path("x"), []byte("hello"), 0o644)
	h := f.openH(f.path("x"), "r")
	steps := []struct{ args, want string }{
		{`"count":0`, readReply("", false)},
		{`"count":3`, readReply("hel", false)},
		{`"count":2`, readReply("lo", false)},
		{`"count":1`, readReply("", true)},
		{`"count":0`, readReply("", false)},
	}
	for _, s := range steps {
		f.expect("guest-file-read", fmt.Sprintf(`{"handle":%d,%s}`, h, s.args), s.want)
	}
	f.call("guest-file-seek", fmt.Sprintf(`{"handle":%d,"offset":1,"whence":0}`, h))
	f.expect("guest-file-read", fmt.Sprintf(`{"handle":%d}`, h), readReply("ello", true)) // default count 4096
	for _, bad := range []string{"-1", "50331649", "9223372036854775807"} {
		f.expect("guest-file-read", fmt.Sprintf(`{"handle":%d,"count":%s}`, h, bad), fail("value '"+bad+"' is invalid for argument count"))
	}
}

func TestWrite(t *testing.T) {
	f := newFixture(t, 10, "")
	h := f.openH(f.path("x"), "w+")
	steps := []struct{ b64, count, want string }{
		{b64("hello "), "", ok(`{"count":6,"eof":false}`)},
		{"d29y\nbGQ=\r\n", "", ok(`{"count":5,"eof":false}`)}, // "world", wrapped
		{b64("!!!"), `,"count":1`, ok(`{"count":1,"eof":false}`)},
		{b64("abc"), `,"count":0`, ok(`{"count":0,"eof":false}`)},
		{"", "", ok(`{"count":0,"eof":false}`)},
		{b64("abc"), `,"count":4`, fail("value '4' is invalid for argument count")},
		{b64("abc"), `,"count":-1`, fail("value '-1' is invalid for argument count")},
		{"aGVs bG8=", "", fail("Base64 data contains invalid characters")},
		{"aGVsbG8", "", fail("Base64 data is malformed: '=' padding misplaced or length not a multiple of 4")},
	}
	for _, s := range steps {
		b, _ := json.Marshal(s.b64)
		f.expect("guest-file-write", fmt.Sprintf(`{"handle":%d,"buf-b64":%s%s}`, h, b, s.count), s.want)
	}
	f.expect("guest-file-flush", fmt.Sprintf(`{"handle":%d}`, h), ok(`{}`))
	if got := f.content("x"); got != "hello world!" {
		t.Errorf("file %q", got)
	}
}

func TestSeek(t *testing.T) {
	f := newFixture(t, 10, "")
	os.WriteFile(f.path("x"), []byte("0123456789"), 0o644)
	h := f.openH(f.path("x"), "r")
	steps := []struct{ offset, whence, want string }{
		{"4", `"set"`, ok(`{"position":4,"eof":false}`)},
		{"2", `"cur"`, ok(`{"position":6,"eof":false}`)},
		{"-1", `"end"`, ok(`{"position":9,"eof":false}`)},
		{"1", "0", ok(`{"position":1,"eof":false}`)},
		{"1", "1", ok(`{"position":2,"eof":false}`)},
		{"-3", "2", ok(`{"position":7,"eof":false}`)},
		{"20", "0", ok(`{"position":20,"eof":false}`)},
		{"-100", "0", fail("failed to seek file: Invalid argument")},
		{"0", "3", fail("invalid whence code 3")},
		{"0", "-1", fail("invalid whence code -1")},
		{"0", `"bogus"`, fail("Parameter 'whence' does not accept value 'bogus'")},
		{"0", "true", fail("Invalid parameter type for 'whence', expected: GuestFileWhence")},
	}
	for _, s := range steps {
		f.expect("guest-file-seek", fmt.Sprintf(`{"handle":%d,"offset":%s,"whence":%s}`, h, s.offset, s.whence), s.want)
	}
}

// Switching between reads and writes on one handle behaves like qemu-ga's
// stdio with its flush-before-read and seek-before-write.
func TestReadWriteSwitch(t *testing.T) {
	f := newFixture(t, 10, "")
	h := f.openH(f.path("x"), "w+")
	call := func(name, args, want string) {
		t.Helper()
		f.expect(name, fmt.Sprintf(`{"handle":%d%s}`, h, args), want)
	}
	call("guest-file-write", `,"buf-b64":"`+b64("hello")+`"`, ok(`{"count":5,"eof":false}`))
	call("guest-file-read", `,"count":10`, readReply("", true)) // the write is visible, we are at its end
	call("guest-file-seek", `,"offset":0,"whence":"set"`, ok(`{"position":0,"eof":false}`))
	call("guest-file-read", `,"count":2`, readReply("he", false))
	call("guest-file-write", `,"buf-b64":"`+b64("XY")+`"`, ok(`{"count":2,"eof":false}`)) // at position 2
	call("guest-file-read", `,"count":10`, readReply("o", true))
	if got := f.content("x"); got != "heXYo" {
		t.Errorf("file %q, want heXYo", got)
	}
}

func TestMaxHandles(t *testing.T) {
	f := newFixture(t, 2, "")
	os.WriteFile(f.path("x"), nil, 0o644)
	f.openH(f.path("x"), "r")
	f.openH(f.path("x"), "r")
	f.expect("guest-file-open", `{"path":"`+f.path("x")+`"}`,
		fail("too many open files: 2 handles are open, close one (--max-handles)"))
	if f.fs.total() != 2 {
		t.Errorf("%d files open, want 2: the refused open touched the OS", f.fs.total())
	}
	f.call("guest-file-close", `{"handle":1000}`)
	if h := f.openH(f.path("x"), "r"); h != 1002 {
		t.Errorf("handle %d after a close, want 1002", h)
	}
}

// Injected OS failures give qemu-ga's texts, and leave no descriptor open.
func TestOSFaults(t *testing.T) {
	cases := []struct {
		spec, name, args, want string
	}{
		{"os.open=error(EACCES)", "guest-file-open", `{"path":"PATH"}`, "failed to open file 'PATH' (mode: 'r'): Permission denied"},
		{"os.read@PATH=error(EIO)", "guest-file-read", `{"handle":1000}`, "failed to read file: Input/output error"},
		{"os.write=error(ENOSPC)", "guest-file-write", `{"handle":1000,"buf-b64":"YQ=="}`, "failed to write to file: No space left on device"},
		{"os.seek=error(ESPIPE)", "guest-file-seek", `{"handle":1000,"offset":0,"whence":0}`, "failed to seek file: Illegal seek"},
		{"os.flush=error(EIO)", "guest-file-flush", `{"handle":1000}`, "failed to flush file: Input/output error"},
		{"os.close=error(EIO)", "guest-file-close", `{"handle":1000}`, "failed to close handle: Input/output error"},
		{"os.write_state=error(EROFS)", "guest-file-open", `{"path":"PATH"}`, "failed to commit persistent state to disk: injected fault: read-only file system"},
	}
	for _, c := range cases {
		f := newFixture(t, 10, "")
		p := f.path("x")
		os.WriteFile(p, []byte("data"), 0o644)
		sub := func(s string) string { return strings.ReplaceAll(s, "PATH", p) }
		f.l = f.logic(10, sub(c.spec))
		if c.name != "guest-file-open" {
			f.openH(p, "r+")
		}
		f.expect(c.name, sub(c.args), fail(sub(c.want)))
		f.call("guest-file-close", `{"handle":1000}`)
		if f.fs.total() != 0 {
			t.Errorf("%s: %d descriptors left open", c.spec, f.fs.total())
		}
	}
}

// A failed state write leaves no handle behind and no descriptor open;
// the number was never returned, so the next open may use it.
func TestPersistFailure(t *testing.T) {
	f := newFixture(t, 10, "os.write_state=error(EIO)*1")
	os.WriteFile(f.path("x"), nil, 0o644)
	f.expect("guest-file-open", `{"path":"`+f.path("x")+`"}`,
		fail("failed to commit persistent state to disk: injected fault: input/output error"))
	if f.fs.total() != 0 || f.l.OpenHandles() != 0 {
		t.Fatalf("after a failed persist: %d descriptors, %d handles", f.fs.total(), f.l.OpenHandles())
	}
	if h := f.openH(f.path("x"), "r"); h != 1000 {
		t.Errorf("handle %d, want 1000", h)
	}
}

// A panic while persisting (an injected crash) still closes the file.
func TestPersistPanicClosesFile(t *testing.T) {
	f := newFixture(t, 10, "os.write_state=panic*1")
	os.WriteFile(f.path("x"), nil, 0o644)
	func() {
		defer func() { recover() }()
		f.call("guest-file-open", `{"path":"`+f.path("x")+`"}`)
		t.Error("no panic")
	}()
	if f.fs.total() != 0 || f.l.OpenHandles() != 0 {
		t.Fatalf("after a crash: %d descriptors, %d handles", f.fs.total(), f.l.OpenHandles())
	}
}

// A corrupt state file blocks opens (a guessed counter could repeat a
// handle) until it is fixed; no restart is needed.
func TestCorruptState(t *testing.T) {
	f := newFixture(t, 10, "")
	os.WriteFile(f.state, []byte("[global]\nfd_counter=banana\n"), 0o644)
	os.WriteFile(f.path("x"), nil, 0o644)
	f.l = f.logic(10, "")
	want := fail("cannot read the file handle counter from " + f.state +
		`: line 2: fd_counter="banana" is not a handle number (fix or remove the file)`)
	f.expect("guest-file-open", `{"path":"`+f.path("x")+`"}`, want)
	if f.fs.total() != 0 {
		t.Fatal("the open touched the file")
	}
	os.WriteFile(f.state, []byte("[global]\nfd_counter=5000\n"), 0o644)
	if h := f.openH(f.path("x"), "r"); h != 5000 {
		t.Errorf("handle %d after the fix, want 5000", h)
	}
	if h := f.openH(f.path("x"), "r"); h != 5001 {
		t.Errorf("handle %d, want 5001", h)
	}
}

// A FIFO never blocks the domain: no data is EAGAIN (qemu-ga's error),
// data then no more is a short read without eof.
func TestFIFO(t *testing.T) {
	f := newFixture(t, 10, "")
	p := f.path("fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	r := f.openH(p, "r")
	w := f.openH(p, "w")
	f.expect("guest-file-read", fmt.Sprintf(`{"handle":%d}`, r), fail("failed to read file: Resource temporarily unavailable"))
	f.call("guest-file-write", fmt.Sprintf(`{"handle":%d,"buf-b64":"%s"}`, w, b64("abc")))
	f.expect("guest-file-read", fmt.Sprintf(`{"handle":%d,"count":10}`, r), readReply("abc", false))
	f.expect("guest-file-flush", fmt.Sprintf(`{"handle":%d}`, w), ok(`{}`))
	f.call("guest-file-close", fmt.Sprintf(`{"handle":%d}`, w))
	f.expect("guest-file-read", fmt.Sprintf(`{"handle":%d,"count":10}`, r), readReply("", true))
}
