package exec

import (
	"encoding/json"
	"testing"

	"github.com/goqga/goqga/os/process"
)

// statusLine is hand-written JSON: for any result it must be valid and
// carry exactly the result's members.
func FuzzStatusLine(f *testing.F) {
	f.Add(false, 3, []byte("out"), []byte("\xff\x00err"), true, false)
	f.Add(true, 9, []byte(nil), []byte(nil), false, false)
	f.Fuzz(func(t *testing.T, signaled bool, code int, out, errb []byte, otr, etr bool) {
		r := process.Result{Signaled: signaled, ExitCode: code, Signal: code, Out: process.BufferOf(out), Err: process.BufferOf(errb), OutTruncated: otr, ErrTruncated: etr}
		var got struct {
			Exited       bool    `json:"exited"`
			ExitCode     *int    `json:"exitcode"`
			Signal       *int    `json:"signal"`
			OutData      *[]byte `json:"out-data"`
			ErrData      *[]byte `json:"err-data"`
			OutTruncated *bool   `json:"out-truncated"`
			ErrTruncated *bool   `json:"err-truncated"`
		}
		line := statusLine(r)
		if err := json.Unmarshal(line, &got); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if !got.Exited || (got.Signal != nil) != signaled || (got.ExitCode != nil) == signaled {
			t.Fatalf("%s for %+v", line, r)
		}
		if (got.OutData != nil) != (len(out) > 0) || (got.OutTruncated != nil) != (len(out) > 0) ||
			(got.ErrData != nil) != (len(errb) > 0) || (got.ErrTruncated != nil) != (len(errb) > 0) {
			t.Fatalf("%s: data members for %+v", line, r)
		}
		if got.OutData != nil && string(*got.OutData) != string(out) || got.ErrData != nil && string(*got.ErrData) != string(errb) {
			t.Fatalf("%s: data differs", line)
		}
	})
}
