package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/config"
	"github.com/goqga/goqga/supervisor"
)

// rig is the agent without actors or channel: the real registry, the
// real supervisor.Dispatcher (routing, policy, freeze gate, validation)
// and every domain's real Logic over the simulated guest (--os sim), run
// synchronously as the domain shell would run them. The simulated
// guest's root (--sim-root) is the rig's directory, and guest files are
// confined (--file-allow) to its /files, so no input can touch a file
// outside it.
type rig struct {
	t      testing.TB
	dir    string
	reg    *command.Registry
	d      *supervisor.Dispatcher
	logics map[string]domain.Logic
	seq    uint64
}

func newRig(t testing.TB) *rig {
	t.Helper()
	dir := t.TempDir()
	files := filepath.Join(dir, "files")
	for _, d := range []string{files, filepath.Join(dir, "state")} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	cfg := &config.Config{OS: "sim", StateDir: filepath.Join(dir, "state"), MaxHandles: 8,
		FileMode: config.DefaultFileMode, SimRoot: dir, FileAllow: []string{"/files"}}
	e, err := newEnv(cfg, zap.NewNop(), nil)
	if err != nil || e.world == nil {
		t.Fatalf("the rig must run the simulated guest: %v", err)
	}
	e.flush = func(uint64, uint64) bool { return true }
	r := &rig{t: t, dir: "/files", logics: map[string]domain.Logic{}} // a guest path
	saved := beforeExit                                               // the freeze domain registers its exit thaw: not ours to keep
	defer func() { beforeExit = saved }()
	for _, d := range domains {
		if r.logics[d.name], err = d.logic(e); err != nil {
			t.Fatal(err)
		}
	}
	if r.reg, err = registry(); err != nil {
		t.Fatal(err)
	}
	router := &supervisor.Router{Registry: r.reg, Policy: supervisor.NewPolicy(nil, nil)}
	r.d = supervisor.NewDispatcher(router, Version, freezeGate, false)
	// One message opens at most one file, handle 1000 in a fresh state
	// directory: close it, or a fuzzing process would run out of fds.
	t.Cleanup(func() { r.send([]byte(`{"execute":"guest-file-close","arguments":{"handle":1000}}`)) })
	return r
}

// send hands one framed message to the Dispatcher, carries out its
// actions (running routed requests to the end) and returns the replies.
func (r *rig) send(raw []byte) []*command.Reply {
	r.seq++
	return r.act(r.d.Message(&command.Message{Gen: 1, Seq: r.seq, Raw: raw}))
}

func (r *rig) act(acts []supervisor.Action) []*command.Reply {
	var out []*command.Reply
	for _, a := range acts {
		switch {
		case a.Reply != nil:
			out = append(out, a.Reply)
		case a.Route != nil:
			rep, done := r.run(a.Route)
			out = append(out, rep)
			out = append(out, r.act(r.d.Done(done))...)
		}
	}
	return out
}

// run drives a request through its domain's Logic: Handle, then each Op
// and continuation in turn, as the shell does, but on this goroutine. A
// panic is a finding: the shell would survive it, but no input should
// cause one.
func (r *rig) run(req *command.Request) (rep *command.Reply, done *supervisor.Done) {
	l := r.logics[req.Spec.Domain]
	if l == nil {
		r.t.Fatalf("no Logic for domain %s", req.Spec.Domain)
	}
	defer func() {
		if p := recover(); p != nil {
			r.t.Fatalf("%s panicked on arguments %s: %v", req.Spec.Name, req.Args, p)
		}
	}()
	step := l.Handle(req)
	for step.Op != nil {
		res, err := step.Op()
		if step.Next != nil {
			step = step.Next(res, err)
		} else {
			step = domain.Now(step.Then(res, err))
		}
	}
	done = &supervisor.Done{Domain: req.Spec.Domain, Gen: req.Gen, Seq: req.Seq}
	if fr, ok := l.(domain.FreezeReporter); ok {
		frozen := fr.MayBeFrozen()
		done.Frozen = &frozen
	}
	if step.Reply == nil {
		r.t.Fatalf("%s: the Logic answered nil", req.Spec.Name)
	}
	return step.Reply, done
}

// checkReply fails unless rep is one well-formed reply line for a
// request that carried id (nil: none): one line of JSON, an object with
// exactly one of "return" and "error" and nothing but "id" besides, the
// id echoed verbatim, 0xFF only before a successful delimited sync.
func checkReply(t testing.TB, rep *command.Reply, id json.RawMessage, delimited bool) {
	t.Helper()
	if rep.None {
		return
	}
	line := rep.Line
	if len(line) == 0 || line[len(line)-1] != '\n' || bytes.Count(line, []byte("\n")) != 1 {
		t.Fatalf("not one line: %q", line)
	}
	body := bytes.TrimSuffix(line, []byte("\n"))
	if b, ok := bytes.CutPrefix(body, []byte{0xFF}); ok {
		if !delimited {
			t.Fatalf("0xFF before a reply that is not a delimited sync: %q", line)
		}
		body = b
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil || !json.Valid(body) {
		t.Fatalf("reply is not a JSON object: %q (%v)", line, err)
	}
	if !utf8.Valid(body) {
		// json.Valid accepts invalid UTF-8 inside strings; a host's
		// parser (libvirt's, Python's) may not.
		t.Fatalf("reply is not valid UTF-8: %q", line)
	}
	_, hasRet := m["return"]
	errVal, hasErr := m["error"]
	if hasRet == hasErr || len(m) > 2 || (len(m) == 2 && m["id"] == nil) {
		t.Fatalf("reply members are wrong: %q", line)
	}
	if hasErr {
		var e struct{ Class, Desc string }
		if json.Unmarshal(errVal, &e) != nil || e.Class == "" || e.Desc == "" {
			t.Fatalf("error without class and desc: %q", line)
		}
	}
	if id != nil && !bytes.Equal(compact(m["id"]), compact(id)) {
		t.Fatalf("id %s echoed as %s", id, m["id"])
	}
	if id == nil && m["id"] != nil {
		t.Fatalf("an id appeared: %q", line)
	}
}

func compact(b []byte) []byte {
	var out bytes.Buffer
	if json.Compact(&out, b) != nil {
		return b
	}
	return out.Bytes()
}

func (r *rig) String() string { return fmt.Sprintf("rig(%s)", r.dir) }
