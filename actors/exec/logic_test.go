package exec

import (
	"encoding/json"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goqga/goqga/os/process"
)

func TestExecAndStatusOnce(t *testing.T) {
	r := newRig(t, Deps{Max: 4})
	r.expect(ExecCmd, `{"path":"/bin/x","arg":["a"],"input-data":"aGk=","capture-output":"merged"}`, `{"return":{"pid":100}}`)
	s := r.run.started[0]
	if s.Path != "/bin/x" || string(s.Stdin) != "hi" || !s.HasStdin || s.Capture != process.CaptureMerged || s.EnvSet {
		t.Fatalf("spec %+v", s)
	}
	r.expect(StatusCmd, `{"pid":100}`, `{"return":{"exited":false}}`)
	r.end(100, process.Result{ExitCode: 3, Out: process.BufferOf([]byte("out"))})
	r.expect(StatusCmd, `{"pid":100}`, `{"return":{"exited":true,"exitcode":3,"out-data":"b3V0","out-truncated":false}}`)
	if n := r.run.released(100); n != 1 {
		t.Fatalf("released %d times", n)
	}
	r.expect(StatusCmd, `{"pid":100}`, `{"error":{"class":"GenericError","desc":"Invalid parameter 'pid'"}}`)
	r.expect(StatusCmd, `{"pid":-5}`, `{"error":{"class":"GenericError","desc":"Invalid parameter 'pid'"}}`)
	if r.l.Processes() != 0 {
		t.Fatal("table not empty")
	}
}

func TestExecErrors(t *testing.T) {
	r := newRig(t, Deps{Max: 4})
	r.expect(ExecCmd, `{"path":"/bin/x","input-data":"!!"}`, `{"error":{"class":"GenericError","desc":"Base64 data contains invalid characters"}}`)
	r.expect(ExecCmd, `{"path":"/missing"}`, `{"error":{"class":"GenericError","desc":"Guest agent command failed, error was 'Failed to execute child process “/missing” (No such file or directory)'"}}`)
	if r.l.Processes() != 0 {
		t.Fatal("a failed exec stayed in the table")
	}
}

// Running and uncollected processes both count; a collected one frees
// its slot.
func TestTableBound(t *testing.T) {
	r := newRig(t, Deps{Max: 2})
	r.expect(ExecCmd, `{"path":"/bin/a"}`, `{"return":{"pid":100}}`)
	r.expect(ExecCmd, `{"path":"/bin/b"}`, `{"return":{"pid":101}}`)
	full := `{"error":{"class":"GenericError","desc":"guest-exec refused: the process table is full (%s; --exec-max 2)"}}`
	r.expect(ExecCmd, `{"path":"/bin/c"}`, strings.Replace(full, "%s", "2 running, 0 finished with results not yet collected by guest-exec-status", 1))
	r.end(100, process.Result{})
	r.expect(ExecCmd, `{"path":"/bin/c"}`, strings.Replace(full, "%s", "1 running, 1 finished with results not yet collected by guest-exec-status", 1))
	if len(r.run.started) != 2 {
		t.Fatal("a refused exec started a process")
	}
	r.expect(StatusCmd, `{"pid":100}`, `{"return":{"exited":true,"exitcode":0}}`)
	r.expect(ExecCmd, `{"path":"/bin/c"}`, `{"return":{"pid":102}}`)
}

// A result nobody collects is dropped once its TTL has passed, and its
// zombie reaped; not before.
func TestTTL(t *testing.T) {
	r := newRig(t, Deps{Max: 4, TTL: 10 * time.Minute})
	r.expect(ExecCmd, `{"path":"/bin/a"}`, `{"return":{"pid":100}}`)
	r.expect(ExecCmd, `{"path":"/bin/b"}`, `{"return":{"pid":101}}`)
	r.end(100, process.Result{Signaled: true, Signal: 9})
	r.clock.advance(5 * time.Minute)
	r.end(101, process.Result{})
	if len(r.clock.ds) != 2 || r.clock.ds[0] != 10*time.Minute {
		t.Fatalf("timers %v", r.clock.ds)
	}
	r.clock.advance(5 * time.Minute) // 100's TTL is up, 101's is not
	r.clock.fire(0)
	r.internal()
	if r.run.released(100) != 1 || r.run.released(101) != 0 {
		t.Fatal("wrong zombie reaped")
	}
	r.expect(StatusCmd, `{"pid":100}`, `{"error":{"class":"GenericError","desc":"Invalid parameter 'pid'"}}`)
	r.expect(StatusCmd, `{"pid":101}`, `{"return":{"exited":true,"exitcode":0}}`)
	if e := r.logs.FilterMessageSnippet("nobody collected").All(); len(e) != 1 || e[0].ContextMap()["pid"] != int64(100) {
		t.Fatalf("expiry log %v", e)
	}
}

func TestPolicy(t *testing.T) {
	run := newFakeRunner()
	run.resolved["/usr/bin/ok"] = "/usr/bin/ok"
	run.resolved["ok"] = "/usr/bin/ok"
	run.resolved["/tmp/link"] = "/usr/bin/other"
	pol, err := NewPolicy(run, []string{"/usr/bin/ok"})
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t, Deps{Max: 4, Runner: run, Policy: pol})
	t.Cleanup(run.endAll)
	r.expect(ExecCmd, `{"path":"ok"}`, `{"return":{"pid":100}}`)
	if s := run.started[0]; s.Exe != "/usr/bin/ok" || s.Path != "ok" {
		t.Fatalf("started %+v", s)
	}
	r.expect(ExecCmd, `{"path":"/tmp/link"}`, `{"error":{"class":"GenericError","desc":"guest-exec refused by policy: \"/tmp/link\" (resolved: /usr/bin/other) is not in the agent's --exec-allow list"}}`)
	r.expect(ExecCmd, `{"path":"/nope"}`, `{"error":{"class":"GenericError","desc":"Guest agent command failed, error was 'Failed to execute child process “/nope” (No such file or directory)'"}}`)
	if len(run.started) != 1 {
		t.Fatal("a refused program started")
	}
	if _, err := NewPolicy(run, []string{"relative"}); err == nil {
		t.Fatal("relative path accepted")
	}
	if _, err := NewPolicy(run, []string{"/not/there"}); err == nil {
		t.Fatal("missing program accepted")
	}
}

// One audit line at the start, one at the end; no arguments, input or
// output in either.
func TestAudit(t *testing.T) {
	r := newRig(t, Deps{Max: 4})
	r.expect(ExecCmd, `{"path":"/bin/x","arg":["secret-arg"],"env":["K=secret-env"],"input-data":"c2VjcmV0LWlu","capture-output":true}`, `{"return":{"pid":100}}`)
	r.end(100, process.Result{ExitCode: 7, Out: process.BufferOf([]byte("secret-out"))})
	lines := r.logs.FilterMessage("audit").All()
	if len(lines) != 2 {
		t.Fatalf("%d audit lines", len(lines))
	}
	start, end := lines[0].ContextMap(), lines[1].ContextMap()
	if start["command"] != "guest-exec" || start["path"] != "/bin/x" || start["pid"] != int64(100) ||
		start["args"] != int64(1) || start["capture"] != "separated" || start["input"] != true {
		t.Errorf("start %v", start)
	}
	if end["pid"] != int64(100) || end["exitcode"] != int64(7) || end["exited"] != true {
		t.Errorf("end %v", end)
	}
	for _, e := range r.logs.All() {
		for k, v := range e.ContextMap() {
			if s, ok := v.(string); ok && strings.Contains(s, "secret") {
				t.Errorf("log %q field %s leaks %q", e.Message, k, s)
			}
		}
	}
}

func TestCaptureArg(t *testing.T) {
	for raw, want := range map[string]process.Capture{
		``: process.CaptureNone, `false`: process.CaptureNone, `true`: process.CaptureSeparated,
		`"none"`: process.CaptureNone, `"stdout"`: process.CaptureStdout, `"stderr"`: process.CaptureStderr,
		`"separated"`: process.CaptureSeparated, `"merged"`: process.CaptureMerged,
	} {
		var b []byte
		if raw != "" {
			b = []byte(raw)
		}
		if got := capture(b); got != want {
			t.Errorf("%s: %v, want %v", raw, got, want)
		}
	}
}

func TestStatusLine(t *testing.T) {
	for _, tt := range []struct {
		r    process.Result
		want string
	}{
		{process.Result{}, `{"exited":true,"exitcode":0}`},
		{process.Result{Signaled: true, Signal: 15}, `{"exited":true,"signal":15}`},
		{process.Result{ExitCode: 1, Out: process.BufferOf([]byte("o")), Err: process.BufferOf([]byte("e")), ErrTruncated: true},
			`{"exited":true,"exitcode":1,"out-data":"bw==","err-data":"ZQ==","out-truncated":false,"err-truncated":true}`},
		{process.Result{Err: process.BufferOf([]byte("e"))}, `{"exited":true,"exitcode":0,"err-data":"ZQ==","err-truncated":false}`},
	} {
		if got := string(statusLine(tt.r)); got != tt.want {
			t.Errorf("%+v:\n got %s\nwant %s", tt.r, got, tt.want)
		}
	}
}

// A waiter that fails (an injected os.exec_wait fault, a panic) still
// posts the exit; status answers the error once.
func TestWaitError(t *testing.T) {
	r := newRig(t, Deps{Max: 4, Runner: panicRunner{}})
	r.expect(ExecCmd, `{"path":"/bin/x"}`, `{"return":{"pid":7}}`)
	r.internal()
	r.expect(StatusCmd, `{"pid":7}`, `{"error":{"class":"GenericError","desc":"cannot tell how process 7 ended: panic while waiting: boom"}}`)
	r.expect(StatusCmd, `{"pid":7}`, `{"error":{"class":"GenericError","desc":"Invalid parameter 'pid'"}}`)
}

type panicRunner struct{}
type panicProc struct{}

func (panicRunner) Start(process.Spec) (process.Process, error) { return panicProc{}, nil }
func (panicRunner) Resolve(process.Spec) (string, error)        { return "", syscall.ENOENT }
func (panicProc) Pid() int                                      { return 7 }
func (panicProc) Wait() (process.Result, error)                 { panic("boom") }
func (panicProc) Release()                                      {}

// With the real backend, a child left holding the pipes does not keep
// the process running: the result comes about ExitGrace after the exit,
// with what was read, while the child still runs.
func TestLingeringChildReal(t *testing.T) {
	r := newRig(t, Deps{Max: 4, Runner: process.NewLinux()})
	var started struct{ Return struct{ Pid int } }
	line := r.call(ExecCmd, `{"path":"/bin/sh","arg":["-c","sleep 30 & echo $!"],"capture-output":true}`)
	if err := json.Unmarshal([]byte(line), &started); err != nil || started.Return.Pid <= 0 {
		t.Fatalf("%s: %v", line, err)
	}
	pid := started.Return.Pid
	defer syscall.Kill(-pid, syscall.SIGKILL) // the sleep is in the process's own group
	t0 := time.Now()
	r.internal()
	if d := time.Since(t0); d > 5*time.Second {
		t.Fatalf("exit recorded after %v", d)
	}
	var st struct {
		Return struct {
			Exited   bool
			Exitcode int
			OutData  []byte `json:"out-data"`
		}
	}
	line = r.call(StatusCmd, `{"pid":`+strconv.Itoa(pid)+`}`)
	if err := json.Unmarshal([]byte(line), &st); err != nil || !st.Return.Exited {
		t.Fatalf("%s: %v", line, err)
	}
	child, err := strconv.Atoi(strings.TrimSpace(string(st.Return.OutData)))
	if err != nil {
		t.Fatalf("out-data %q", st.Return.OutData)
	}
	if err := syscall.Kill(child, 0); err != nil {
		t.Fatalf("the lingering child %d is gone already: %v", child, err)
	}
}

// A finished process's status reply, up to 43 MB of base64, is built only
// once the channel has room for it (ReplyRoom), like a file read's; a
// running one's small answer does not wait.
func TestStatusWaitsForReplyRoom(t *testing.T) {
	var waited []uint64
	r := newRig(t, Deps{Max: 4, ReplyRoom: func(gen, seq uint64) { waited = append(waited, seq) }})
	r.expect(ExecCmd, `{"path":"/bin/x","capture-output":true}`, `{"return":{"pid":100}}`)
	r.expect(StatusCmd, `{"pid":100}`, `{"return":{"exited":false}}`)
	if len(waited) != 0 {
		t.Fatalf("a running process's status waited for room: %v", waited)
	}
	r.end(100, process.Result{Out: process.BufferOf([]byte("out"))})
	r.expect(StatusCmd, `{"pid":100}`, `{"return":{"exited":true,"exitcode":0,"out-data":"b3V0","out-truncated":false}}`)
	if len(waited) != 1 {
		t.Fatalf("the finished status waited %d times, want once before it was built", len(waited))
	}
}
