package main

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"
)

// maxStdin bounds what qga exec --stdin sends as input-data.
const maxStdin = 16 << 20

type execStatus struct {
	Exited       bool   `json:"exited"`
	ExitCode     *int   `json:"exitcode"`
	Signal       *int   `json:"signal"`
	OutData      string `json:"out-data"`
	ErrData      string `json:"err-data"`
	OutTruncated bool   `json:"out-truncated"`
	ErrTruncated bool   `json:"err-truncated"`
}

type execOptions struct {
	stdin bool
	env   []string
	poll  time.Duration
}

// exec runs a program in the guest (guest-exec with capture-output),
// polls guest-exec-status until it exits, prints its output and exits
// with its status: the exit code, or 128+N when signal N ended it. When
// qga itself fails (bad usage, the agent refused, a timeout) it exits 255,
// like ssh, so a program's status is never mistaken for qga's.
func (s *session) exec() int {
	eo, argv, err := parseExec(s.o.rest)
	if err != nil {
		usage(s.stderr, fmt.Errorf("exec: %v", err))
		return exitExecFailed
	}
	args := map[string]any{"path": argv[0], "arg": argv[1:], "capture-output": true}
	if len(eo.env) > 0 {
		args["env"] = eo.env
	}
	if eo.stdin {
		in, err := io.ReadAll(io.LimitReader(s.stdin, maxStdin+1))
		if err != nil || len(in) > maxStdin {
			fmt.Fprintf(s.stderr, "qga: exec: stdin: more than %d bytes or unreadable (%v)\n", maxStdin, err)
			return exitExecFailed
		}
		args["input-data"] = base64.StdEncoding.EncodeToString(in)
	}
	if s.connect() != exitOK {
		return exitExecFailed
	}
	defer s.c.Close()
	var started struct {
		PID int64 `json:"pid"`
	}
	if s.do("guest-exec", args, &started) != exitOK {
		return exitExecFailed
	}
	return s.await(started.PID, eo.poll)
}

func parseExec(rest []string) (*execOptions, []string, error) {
	eo := &execOptions{}
	fs := pflag.NewFlagSet("exec", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SetInterspersed(false)
	fs.BoolVar(&eo.stdin, "stdin", false, "send qga's stdin to the program")
	fs.StringArrayVar(&eo.env, "env", nil, "K=V: the program's environment (replaces the guest's)")
	fs.DurationVar(&eo.poll, "poll", 100*time.Millisecond, "how often to ask whether the program exited")
	if err := fs.Parse(rest); err != nil {
		return nil, nil, err
	}
	if fs.NArg() == 0 {
		return nil, nil, errors.New("expected PROGRAM [ARG...]")
	}
	if eo.poll <= 0 {
		return nil, nil, errors.New("--poll must be positive")
	}
	return eo, fs.Args(), nil
}

// await polls until the program exits, then prints what it wrote.
func (s *session) await(pid int64, poll time.Duration) int {
	for {
		var st execStatus
		if s.do("guest-exec-status", map[string]any{"pid": pid}, &st) != exitOK {
			return exitExecFailed
		}
		if st.Exited {
			return s.finish(&st)
		}
		time.Sleep(poll)
	}
}

func (s *session) finish(st *execStatus) int {
	for _, o := range []struct {
		data      string
		truncated bool
		w         io.Writer
		name      string
	}{{st.OutData, st.OutTruncated, s.stdout, "stdout"}, {st.ErrData, st.ErrTruncated, s.stderr, "stderr"}} {
		b, err := base64.StdEncoding.DecodeString(o.data)
		if err != nil {
			fmt.Fprintf(s.stderr, "qga: exec: bad base64 in %s: %v\n", o.name, err)
			return exitExecFailed
		}
		o.w.Write(b)
		if o.truncated {
			fmt.Fprintf(s.stderr, "qga: exec: the agent kept only the start of the program's %s\n", o.name)
		}
	}
	switch {
	case st.Signal != nil:
		return 128 + *st.Signal
	case st.ExitCode != nil:
		return *st.ExitCode
	}
	return exitExecFailed
}
