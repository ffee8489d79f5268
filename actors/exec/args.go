package exec

import (
	"bytes"
	"encoding/json"

	"github.com/goqga/goqga/actors/files"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/process"
)

type execArgs struct {
	Path    string          `json:"path"`
	Arg     []string        `json:"arg"`
	Env     *[]string       `json:"env"`
	Input   json.RawMessage `json:"input-data"`
	Capture json.RawMessage `json:"capture-output"`
}

// parseExec turns guest-exec's (validated) arguments into a Spec, in
// qemu-ga's order: input-data's base64 first.
func parseExec(args json.RawMessage) (process.Spec, *command.Error) {
	var a execArgs
	if len(args) > 0 {
		if err := json.Unmarshal(args, &a); err != nil {
			return process.Spec{}, command.Errorf("internal error decoding arguments: %v", err)
		}
	}
	s := process.Spec{Path: a.Path, Args: a.Arg, Capture: capture(a.Capture)}
	if a.Env != nil {
		s.Env, s.EnvSet = *a.Env, true
	}
	if a.Input != nil {
		in, err := files.DecodeB64(a.Input)
		if err != nil {
			return process.Spec{}, command.Errorf("%v", err)
		}
		s.Stdin, s.HasStdin = in, true
	}
	return s, nil
}

// capture reads capture-output: absent or false is none, true is
// separated (qemu-ga 2.5's bool), else a mode name (Validate checked it).
func capture(raw json.RawMessage) process.Capture {
	switch {
	case raw == nil, bytes.Equal(raw, []byte("false")):
		return process.CaptureNone
	case bytes.Equal(raw, []byte("true")):
		return process.CaptureSeparated
	}
	var name string
	_ = json.Unmarshal(raw, &name)
	for i, n := range process.Captures {
		if n == name {
			return process.Capture(i)
		}
	}
	return process.CaptureNone
}

func parsePid(args json.RawMessage) (int, *command.Error) {
	var a struct {
		Pid int64 `json:"pid"`
	}
	if err := json.Unmarshal(args, &a); err != nil {
		return 0, command.Errorf("internal error decoding arguments: %v", err)
	}
	if a.Pid <= 0 || a.Pid > 1<<31-1 {
		return 0, errUnknownPid
	}
	return int(a.Pid), nil
}
