package files

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/faults"
	osfiles "github.com/goqga/goqga/os/files"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// countingFS tracks the files open through it, so tests can prove that
// no path leaks a descriptor.
type countingFS struct {
	osfiles.FS
	mu   sync.Mutex
	open map[string]int
}

func (c *countingFS) Open(path string, m osfiles.Mode) (osfiles.File, error) {
	f, err := c.FS.Open(path, m)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.open[path]++
	c.mu.Unlock()
	return &countingFile{File: f, c: c}, nil
}

func (c *countingFS) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.open {
		n += v
	}
	return n
}

type countingFile struct {
	osfiles.File
	c    *countingFS
	done bool
}

func (f *countingFile) Close() error {
	if !f.done {
		f.done = true
		f.c.mu.Lock()
		f.c.open[f.Path()]--
		f.c.mu.Unlock()
	}
	return f.File.Close()
}

// fixture is a files Logic over real files in a temporary directory,
// driven synchronously: Op, then Then, as the actor shell would.
type fixture struct {
	t     *testing.T
	dir   string
	state string
	fs    *countingFS
	l     *Logic
}

func newFixture(t *testing.T, max int, spec string) *fixture {
	t.Helper()
	dir := t.TempDir()
	f := &fixture{t: t, dir: dir, state: filepath.Join(dir, "qga.state")}
	f.fs = &countingFS{FS: osfiles.Linux(), open: map[string]int{}}
	f.l = f.logic(max, spec)
	return f
}

// logic builds a fresh Logic on the fixture's directory (an agent restart).
func (f *fixture) logic(max int, spec string) *Logic {
	f.t.Helper()
	inj, err := faults.Parse(spec)
	if err != nil {
		f.t.Fatal(err)
	}
	return New(Config{FS: osfiles.WithFaults(f.fs, inj), StatePath: f.state, MaxHandles: max})
}

func (f *fixture) path(name string) string { return filepath.Join(f.dir, name) }

func spec(name string) *command.Spec {
	for i := range Specs {
		if Specs[i].Name == name {
			return &Specs[i]
		}
	}
	panic("no spec " + name)
}

// call runs one command with args (JSON, validated first as the
// supervisor does) and returns the reply line without its newline.
func (f *fixture) call(name, args string) string {
	f.t.Helper()
	return call(f.l, name, args)
}

func call(l *Logic, name, args string) string {
	s := spec(name)
	req := &command.Request{Spec: s, Args: json.RawMessage(args), ID: json.RawMessage(`"t"`)}
	if err := command.Validate(s, req.Args); err != nil {
		return strings.TrimSuffix(string(req.Fail(err).Line), "\n")
	}
	step := l.Handle(req)
	rep := step.Reply
	if step.Op != nil {
		res, err := step.Op()
		rep = step.Then(res, err)
	}
	return strings.TrimSuffix(string(rep.Line), "\n")
}

// ok wraps a return value as the fixture's replies carry it.
func ok(v string) string { return `{"return":` + v + `,"id":"t"}` }

// fail wraps an error text.
func fail(desc string) string {
	b, _ := json.Marshal(desc)
	return `{"error":{"class":"GenericError","desc":` + string(b) + `},"id":"t"}`
}

func (f *fixture) expect(name, args, want string) {
	f.t.Helper()
	if got := f.call(name, args); got != want {
		f.t.Errorf("%s %s:\n got %s\nwant %s", name, args, got, want)
	}
}

// openH opens path with mode and returns the handle.
func (f *fixture) openH(path, mode string) int64 {
	f.t.Helper()
	args, _ := json.Marshal(map[string]string{"path": path, "mode": mode})
	line := f.call("guest-file-open", string(args))
	var r struct {
		Return *int64 `json:"return"`
	}
	if json.Unmarshal([]byte(line), &r); r.Return == nil {
		f.t.Fatalf("open %s %s: %s", path, mode, line)
	}
	return *r.Return
}
