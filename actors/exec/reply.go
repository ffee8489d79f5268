package exec

import (
	"encoding/base64"
	"runtime/debug"
	"strconv"

	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/process"
)

// statusReply is the whole reply line of a finished process's
// guest-exec-status, built in one buffer of its final size: 16 MiB of
// output costs the 16 MiB kept and the 21 MiB line, no JSON copy of it.
func statusReply(req *command.Request, r process.Result) *command.Reply {
	const head = `{"return":`
	b := make([]byte, 0, len(head)+statusLen(r)+len(`,"id":`)+len(req.ID)+2)
	b = appendStatus(append(b, head...), r)
	if req.ID != nil {
		b = append(append(b, `,"id":`...), req.ID...)
	}
	rep := &command.Reply{Gen: req.Gen, Seq: req.Seq, Line: append(b, "}\n"...)}
	if len(b) >= bigReply {
		rep.Written = func() { go debug.FreeOSMemory() }
	}
	return rep
}

// bigReply is the size from which a status line's memory, and the
// output buffers it was built from, are handed back to the OS as soon as
// the line is written: a 16 MiB result would otherwise leave the heap at
// twice its size until the next collections (88 MB peak against 46 over
// four 16 MiB results, cmd/agent-bench).
const bigReply = 4 << 20

// statusLen bounds the length appendStatus adds.
func statusLen(r process.Result) int {
	return 128 + base64.StdEncoding.EncodedLen(r.Out.Len()) + base64.StdEncoding.EncodedLen(r.Err.Len())
}

// statusLine encodes a finished process's guest-exec-status return value
// in qemu-ga's member order (exited, exitcode or signal, out-data,
// err-data, out-truncated, err-truncated). As in qemu-ga, a stream's data
// and its truncated flag appear only when the stream produced output.
// The base64 is written straight into the line.
func statusLine(r process.Result) []byte { return appendStatus(make([]byte, 0, statusLen(r)), r) }

// appendStatus appends statusLine's value to b.
func appendStatus(b []byte, r process.Result) []byte {
	b = append(b, `{"exited":true`...)
	if r.Signaled {
		b = strconv.AppendInt(append(b, `,"signal":`...), int64(r.Signal), 10)
	} else {
		b = strconv.AppendInt(append(b, `,"exitcode":`...), int64(r.ExitCode), 10)
	}
	if r.Out.Len() > 0 {
		b = append(r.Out.AppendBase64(append(b, `,"out-data":"`...)), '"')
	}
	if r.Err.Len() > 0 {
		b = append(r.Err.AppendBase64(append(b, `,"err-data":"`...)), '"')
	}
	if r.Out.Len() > 0 {
		b = strconv.AppendBool(append(b, `,"out-truncated":`...), r.OutTruncated)
	}
	if r.Err.Len() > 0 {
		b = strconv.AppendBool(append(b, `,"err-truncated":`...), r.ErrTruncated)
	}
	return append(b, '}')
}
