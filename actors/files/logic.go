package files

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/command"
	osfiles "github.com/goqga/goqga/os/files"
)

// Config is what the domain needs from the agent.
type Config struct {
	FS         osfiles.FS // fault-checked by the caller (osfiles.WithFaults)
	StatePath  string     // STATEDIR/qga.state
	MaxHandles int        // --max-handles
	Log        *zap.Logger
	// ReplyRoom, when set, waits while the replies the host has not read
	// that will leave before request (gen, seq)'s fill their budget
	// (channel.Replies.WaitRoom); a read calls it in its Op before
	// building its reply, so a host that pipelines reads and reads no
	// replies holds the budget and one reply, not one reply per request.
	ReplyRoom func(gen, seq uint64)
}

// Logic is the files domain: it owns the handle table. It lives as long
// as the agent, across restarts of its actor, so open handles survive a
// crash. Handle and the Then functions run inside the actor; the Ops get
// copies of what they need and never touch the Logic.
type Logic struct {
	fs        osfiles.FS
	statePath string
	log       *zap.Logger
	tab       *table
	replyBufs *replyBufs            // shared with read Ops, which run off the actor
	replyRoom func(gen, seq uint64) // Config.ReplyRoom, never nil
	// stateErr is why the state file could not be read; while set, each
	// open reads it again first (so fixing the file needs no restart) and
	// fails with this error rather than risk reusing a handle.
	stateErr error
}

// New builds the domain's Logic and reads the handle counter from the
// state file (missing: FirstHandle). An unreadable or corrupt state file
// is logged, not fatal: the other domains keep working, and opens fail
// with a clear error until the file is fixed.
func New(cfg Config) *Logic {
	if cfg.Log == nil {
		cfg.Log = zap.NewNop()
	}
	if cfg.ReplyRoom == nil {
		cfg.ReplyRoom = func(uint64, uint64) {}
	}
	l := &Logic{fs: cfg.FS, statePath: cfg.StatePath, log: cfg.Log, replyBufs: &replyBufs{}, replyRoom: cfg.ReplyRoom}
	next, err := loadCounterAtStart(cfg.FS, cfg.StatePath)
	if err != nil {
		cfg.Log.Error("cannot read the file handle counter; guest-file-open fails until it is fixed", zap.Error(err))
		next, l.stateErr = FirstHandle, err
	}
	l.tab = newTable(max(cfg.MaxHandles, 1), next)
	return l
}

// loadCounterAtStart is loadCounter outside any actor, where a panic (an
// injected os.read_state=panic, a bug in a backend) would take the whole
// agent down: it becomes a state error like any other, and each open
// retries inside the actor, where a panic is answered and survived.
func loadCounterAtStart(fsys osfiles.FS, path string) (next int64, err error) {
	defer func() {
		if p := recover(); p != nil {
			next, err = 0, &stateError{path: path, err: fmt.Errorf("panic: %v", p)}
		}
	}()
	return loadCounter(fsys, path)
}

// loadCounter reads the next handle from the state file.
func loadCounter(fsys osfiles.FS, path string) (int64, error) {
	data, err := fsys.ReadState(path)
	if errors.Is(err, fs.ErrNotExist) {
		return FirstHandle, nil
	}
	if err != nil {
		return 0, &stateError{path: path, err: err}
	}
	next, err := parseState(data)
	if err != nil {
		return 0, &stateError{path: path, err: err}
	}
	return next, nil
}

type stateError struct {
	path string
	err  error
}

func (e *stateError) Error() string {
	return "cannot read the file handle counter from " + e.path + ": " + e.err.Error() + " (fix or remove the file)"
}

func (e *stateError) Unwrap() error { return e.err }

// OpenHandles reports how many handles are open.
func (l *Logic) OpenHandles() int { return l.tab.len() }

// Handle implements domain.Logic.
func (l *Logic) Handle(req *command.Request) domain.Step {
	switch req.Spec.Name {
	case "guest-file-open":
		return l.open(req)
	case "guest-file-close":
		return l.close(req)
	case "guest-file-read":
		return l.read(req)
	case "guest-file-write":
		return l.write(req)
	case "guest-file-seek":
		return l.seek(req)
	case "guest-file-flush":
		return l.flush(req)
	}
	return domain.Now(req.Fail(command.NotFound(req.Spec.Name)))
}

// args decodes req's (validated) arguments into v; a failure here is an
// internal error, since Validate has already checked their shape.
func args(req *command.Request, v any) *command.Reply {
	if len(req.Args) == 0 {
		return nil
	}
	if err := json.Unmarshal(req.Args, v); err != nil {
		return req.Fail(command.Errorf("internal error decoding arguments: %v", err))
	}
	return nil
}

// failOS words an OS error the way qemu-ga does: "WHAT: strerror".
func failOS(req *command.Request, what string, err error) *command.Reply {
	return req.Fail(command.Errorf("%s: %s", what, osfiles.Strerror(err)))
}
