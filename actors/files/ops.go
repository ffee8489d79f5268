package files

import (
	"encoding/json"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/command"
	osfiles "github.com/goqga/goqga/os/files"
)

type handleArgs struct {
	Handle int64 `json:"handle"`
}

type seekArgs struct {
	Handle int64           `json:"handle"`
	Offset int64           `json:"offset"`
	Whence json.RawMessage `json:"whence"`
}

// seekResult is qemu's GuestFileSeek, members in its order.
type seekResult struct {
	Position int64 `json:"position"`
	EOF      bool  `json:"eof"`
}

var whenceNames = map[string]int{"set": osfiles.SeekSet, "cur": osfiles.SeekCur, "end": osfiles.SeekEnd}

// parseWhence accepts lseek's numbers 0-2 or QGASeek's names (Validate
// has already refused other names and other JSON types).
func parseWhence(raw json.RawMessage) (int, *command.Error) {
	var name string
	if json.Unmarshal(raw, &name) == nil {
		return whenceNames[name], nil
	}
	var n int64
	if err := json.Unmarshal(raw, &n); err != nil {
		return 0, command.Errorf("invalid whence code %s", raw)
	}
	if n < 0 || n > osfiles.SeekEnd {
		return 0, command.Errorf("invalid whence code %d", n)
	}
	return int(n), nil
}

func (l *Logic) seek(req *command.Request) domain.Step {
	var a seekArgs
	if r := args(req, &a); r != nil {
		return domain.Now(r)
	}
	e, cerr := l.tab.get(a.Handle)
	if cerr != nil {
		return domain.Now(req.Fail(cerr))
	}
	whence, cerr := parseWhence(a.Whence)
	if cerr != nil {
		return domain.Now(req.Fail(cerr))
	}
	f := e.file
	return domain.Do(func() (any, error) { return f.Seek(a.Offset, whence) },
		func(res any, err error) *command.Reply {
			if err != nil {
				return failOS(req, "failed to seek file", err)
			}
			return req.Return(seekResult{Position: res.(int64)})
		})
}

func (l *Logic) flush(req *command.Request) domain.Step {
	var a handleArgs
	if r := args(req, &a); r != nil {
		return domain.Now(r)
	}
	e, cerr := l.tab.get(a.Handle)
	if cerr != nil {
		return domain.Now(req.Fail(cerr))
	}
	f := e.file
	return domain.Do(func() (any, error) { return nil, f.Flush() },
		func(_ any, err error) *command.Reply {
			if err != nil {
				return failOS(req, "failed to flush file", err)
			}
			return req.ReturnRaw([]byte("{}"))
		})
}

// close takes the handle out of the table before the Op runs: close(2)
// releases the descriptor even when it fails, so the handle is gone
// either way, and a crash in the Op cannot leave a handle whose
// descriptor number the kernel may already have given to another file.
func (l *Logic) close(req *command.Request) domain.Step {
	var a handleArgs
	if r := args(req, &a); r != nil {
		return domain.Now(r)
	}
	e, cerr := l.tab.remove(a.Handle)
	if cerr != nil {
		return domain.Now(req.Fail(cerr))
	}
	l.log.Debug("guest-file-close", zap.String("path", e.path), zap.Int64("handle", a.Handle))
	f := e.file
	return domain.Do(func() (any, error) { return nil, f.Close() },
		func(_ any, err error) *command.Reply {
			if err != nil {
				return failOS(req, "failed to close handle", err)
			}
			return req.ReturnRaw([]byte("{}"))
		})
}
