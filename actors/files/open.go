package files

import (
	"errors"
	"fmt"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/audit"
	"github.com/goqga/goqga/command"
	osfiles "github.com/goqga/goqga/os/files"
)

type openArgs struct {
	Path string  `json:"path"`
	Mode *string `json:"mode"`
}

// opened is the result of an open Op.
type opened struct {
	file   osfiles.File
	handle int64
	loaded bool // the Op read the counter from disk (after a state error)
}

func (l *Logic) open(req *command.Request) domain.Step {
	var a openArgs
	if r := args(req, &a); r != nil {
		return domain.Now(r)
	}
	mode := "r"
	if a.Mode != nil {
		mode = *a.Mode
	}
	m, ok := parseMode(mode)
	if !ok {
		return domain.Now(req.Fail(command.Errorf("invalid file open mode '%s'", mode)))
	}
	h, cerr := l.tab.reserve()
	if cerr != nil {
		return domain.Now(req.Fail(cerr))
	}
	o := openOp{fs: l.fs, statePath: l.statePath, path: a.Path, mode: m, handle: h, reload: l.stateErr != nil}
	return domain.Do(o.run, func(res any, err error) *command.Reply {
		return l.opened(req, mode, a.Path, res, err)
	})
}

// opened finishes an open inside the actor: the handle enters the table
// only now, after the counter is on disk.
func (l *Logic) opened(req *command.Request, mode, path string, res any, err error) *command.Reply {
	var pe *osfiles.PermError
	var se *stateError
	var ce *command.Error
	switch {
	case errors.As(err, &ce):
		return req.Fail(ce)
	case errors.As(err, &se):
		l.stateErr = se
		return req.Fail(command.Errorf("%s", se))
	case errors.As(err, &pe):
		return failOS(req, fmt.Sprintf("failed to set permission %04o on new file '%s' (mode: '%s')", uint32(pe.Mode), path, mode), pe.Err)
	case errors.Is(err, errPersist):
		return req.Fail(command.Errorf("%v", err))
	case err != nil:
		return failOS(req, "failed to open file '"+path+"' (mode: '"+mode+"')", err)
	}
	o := res.(opened)
	if o.loaded {
		l.stateErr = nil
	}
	l.tab.add(o.handle, &entry{file: o.file, path: path, mode: mode})
	audit.Line(l.log, req.Spec.Name, zap.String("path", path), zap.String("mode", mode), zap.Int64("handle", o.handle))
	return req.Return(o.handle)
}

// openOp is the off-actor part of an open: every field is a copy.
type openOp struct {
	fs        osfiles.FS
	statePath string
	path      string
	mode      osfiles.Mode
	handle    int64
	reload    bool
}

var errPersist = errors.New("failed to commit persistent state to disk")

// run opens the file, then records handle+1 as the next handle before the
// handle may be returned (qemu-ga's order: a failing open costs no state
// write). If recording fails, the file is closed and the open fails. The
// deferred close also covers a panic (an injected os.write_state=panic),
// so no path leaks the descriptor.
func (o openOp) run() (res any, err error) {
	if o.reload {
		next, err := loadCounter(o.fs, o.statePath)
		if err != nil {
			return nil, err
		}
		o.handle = max(o.handle, next)
		if o.handle > lastHandle {
			return nil, command.Errorf("no file handle left: the handle counter has reached %d", o.handle)
		}
	}
	f, err := o.fs.Open(o.path, o.mode)
	if err != nil {
		return nil, err
	}
	kept := false
	defer func() {
		if !kept {
			_ = f.Close()
		}
	}()
	if err := o.fs.WriteState(o.statePath, formatState(o.handle+1)); err != nil {
		return nil, fmt.Errorf("%w: %v", errPersist, err)
	}
	kept = true
	return opened{file: f, handle: o.handle, loaded: o.reload}, nil
}
