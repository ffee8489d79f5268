package exec

import (
	"encoding/base64"
	"strconv"

	"github.com/goqga/goqga/os/process"
)

// statusLine encodes a finished process's guest-exec-status return value
// in qemu-ga's member order (exited, exitcode or signal, out-data,
// err-data, out-truncated, err-truncated). As in qemu-ga, a stream's data
// and its truncated flag appear only when the stream produced output.
// The base64 is written straight into the line: 16 MiB of output costs
// the line's 21 MiB and nothing more.
func statusLine(r process.Result) []byte {
	n := 96 + base64.StdEncoding.EncodedLen(len(r.Out)) + base64.StdEncoding.EncodedLen(len(r.Err))
	b := make([]byte, 0, n)
	b = append(b, `{"exited":true`...)
	if r.Signaled {
		b = strconv.AppendInt(append(b, `,"signal":`...), int64(r.Signal), 10)
	} else {
		b = strconv.AppendInt(append(b, `,"exitcode":`...), int64(r.ExitCode), 10)
	}
	if len(r.Out) > 0 {
		b = base64.StdEncoding.AppendEncode(append(b, `,"out-data":"`...), r.Out)
		b = append(b, '"')
	}
	if len(r.Err) > 0 {
		b = base64.StdEncoding.AppendEncode(append(b, `,"err-data":"`...), r.Err)
		b = append(b, '"')
	}
	if len(r.Out) > 0 {
		b = strconv.AppendBool(append(b, `,"out-truncated":`...), r.OutTruncated)
	}
	if len(r.Err) > 0 {
		b = strconv.AppendBool(append(b, `,"err-truncated":`...), r.ErrTruncated)
	}
	return append(b, '}')
}
