package files

import (
	"encoding/json"
	"errors"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/command"
	osfiles "github.com/goqga/goqga/os/files"
)

type readArgs struct {
	Handle int64  `json:"handle"`
	Count  *int64 `json:"count"`
}

// read checks the handle before the count, as qemu-ga does, and builds
// the reply line off the actor (readLine).
func (l *Logic) read(req *command.Request) domain.Step {
	var a readArgs
	if r := args(req, &a); r != nil {
		return domain.Now(r)
	}
	e, cerr := l.tab.get(a.Handle)
	if cerr != nil {
		return domain.Now(req.Fail(cerr))
	}
	count := int64(DefaultReadCount)
	if a.Count != nil {
		count = *a.Count
	}
	if count < 0 || count > MaxReadCount {
		return domain.Now(req.Fail(badCount(count)))
	}
	f := e.file
	bufs, room := l.replyBufs, l.replyRoom
	return domain.Do(func() (any, error) {
		room(req.Gen, req.Seq)
		return readLine(req, f, int(count), bufs)
	},
		func(res any, err error) *command.Reply {
			if err != nil {
				return failOS(req, "failed to read file", err)
			}
			return res.(*command.Reply)
		})
}

func badCount(n int64) *command.Error {
	return command.Errorf("value '%d' is invalid for argument count", n)
}

// writeArgs are guest-file-write's arguments. B64 is the raw JSON
// string of buf-b64, a sub-slice of the request's arguments: decodeB64
// resolves its escapes and base64 in place, so the write consumes (and
// overwrites) the request's argument bytes.
type writeArgs struct {
	Handle int64
	B64    []byte
	Count  *int64
}

// parseWriteArgs splits the (validated) arguments with objectMembers, so
// a 64 MiB buf-b64 is neither scanned by encoding/json nor copied.
func parseWriteArgs(raw []byte) (writeArgs, error) {
	var a writeArgs
	m, err := objectMembers(raw)
	if err != nil {
		return a, err
	}
	if err := json.Unmarshal(m["handle"], &a.Handle); err != nil {
		return a, err
	}
	if c, ok := m["count"]; ok {
		a.Count = new(int64)
		if err := json.Unmarshal(c, a.Count); err != nil {
			return a, err
		}
	}
	a.B64 = m["buf-b64"]
	return a, nil
}

// writeResult is qemu's GuestFileWrite; eof is always false.
type writeResult struct {
	Count int  `json:"count"`
	EOF   bool `json:"eof"`
}

// written is a write Op's result; decode errors come back as *command.Error.
type written struct{ n int }

// write checks the handle, then (off the actor) decodes the data, checks
// count against it and writes, in qemu-ga's order.
func (l *Logic) write(req *command.Request) domain.Step {
	a, err := parseWriteArgs(req.Args)
	if err != nil {
		return domain.Now(req.Fail(command.Errorf("internal error decoding arguments: %v", err)))
	}
	e, cerr := l.tab.get(a.Handle)
	if cerr != nil {
		return domain.Now(req.Fail(cerr))
	}
	f := e.file
	return domain.Do(func() (any, error) { return writeOp(f, a) },
		func(res any, err error) *command.Reply {
			var ce *command.Error
			if errors.As(err, &ce) {
				return req.Fail(ce)
			}
			if err != nil {
				return failOS(req, "failed to write to file", err)
			}
			// The Op is over and its bytes are on their way to the file:
			// the request's buffer can carry the next large message.
			r := req.Return(writeResult{Count: res.(written).n})
			r.Recycle = req.Raw
			return r
		})
}

func writeOp(f osfiles.File, a writeArgs) (any, error) {
	data, err := decodeB64(a.B64)
	if err != nil {
		return nil, command.Errorf("%v", err)
	}
	if a.Count != nil {
		if *a.Count < 0 || *a.Count > int64(len(data)) {
			return nil, badCount(*a.Count)
		}
		data = data[:*a.Count]
	}
	n, err := writeAll(f, data)
	if err != nil {
		return nil, err
	}
	return written{n: n}, nil
}

// writeAll writes p completely, as fwrite(3) does. On a non-blocking file
// that fills up (a pipe), it returns the short count instead of an error,
// so the host knows what was written (qemu-ga reports only the error);
// with nothing written, EAGAIN is the error.
func writeAll(f osfiles.File, p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := f.Write(p[n:])
		n += m
		switch {
		case err != nil && osfiles.IsWouldBlock(err) && n > 0:
			return n, nil
		case err != nil:
			return n, err
		case m == 0:
			return n, nil
		}
	}
	return n, nil
}
