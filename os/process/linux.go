package process

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// Linux starts real programs.
type Linux struct {
	once      sync.Once
	null      *os.File // /dev/null for stdio that is not piped, opened once
	nullErr   error
	lookupEnv func(string) (string, bool) // the agent's environment
	grace     time.Duration
}

// NewLinux returns the real Runner.
func NewLinux() *Linux { return &Linux{lookupEnv: os.LookupEnv, grace: ExitGrace} }

// Resolve implements Runner.
func (l *Linux) Resolve(s Spec) (string, error) {
	p, err := lookPath(s.Path, searchEnv(s, l.lookupEnv))
	if err == nil {
		p, err = filepath.Abs(p)
	}
	if err == nil {
		p, err = filepath.EvalSymlinks(p)
	}
	if err != nil {
		return "", &fs.PathError{Op: "resolve", Path: s.Path, Err: err}
	}
	return p, nil
}

// Start implements Runner.
func (l *Linux) Start(s Spec) (Process, error) {
	l.once.Do(func() {
		prepareChildren()
		l.null, l.nullErr = os.OpenFile(os.DevNull, os.O_RDWR, 0)
	})
	if l.nullErr != nil {
		return nil, l.nullErr
	}
	exe := s.Exe
	if exe == "" {
		var err error
		if exe, err = lookPath(s.Path, searchEnv(s, l.lookupEnv)); err != nil {
			return nil, &StartError{Path: s.Path, Err: err}
		}
	}
	io, err := newStdio(s, l.null)
	if err != nil {
		return nil, err
	}
	var env []string
	if s.EnvSet {
		env = append([]string{}, s.Env...) // non-nil: an empty env stays empty
	}
	p, err := startProcess(exe, append([]string{s.Path}, s.Args...), env, io.child[:])
	io.closeChildEnds()
	if err != nil {
		io.closeOurs()
		return nil, &StartError{Path: s.Path, Err: errnoOf(err)}
	}
	lp := &linuxProc{proc: p, io: io, grace: l.grace}
	io.start(s.Stdin)
	return lp, nil
}

// startProcess starts exe in its own process group. A file the kernel
// cannot execute (ENOEXEC: a script without #!) is run by /bin/sh, as
// GLib's execvp does.
func startProcess(exe string, argv, env []string, files []*os.File) (*os.Process, error) {
	attr := &os.ProcAttr{Env: env, Files: files, Sys: &syscall.SysProcAttr{Setpgid: true}}
	p, err := os.StartProcess(exe, argv, attr)
	if errors.Is(err, syscall.ENOEXEC) {
		p, err = os.StartProcess("/bin/sh", append([]string{"/bin/sh", exe}, argv[1:]...), attr)
	}
	return p, err
}

// errnoOf digs the errno out of os.StartProcess's *PathError.
func errnoOf(err error) error {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno
	}
	return err
}

// linuxProc is a started program and the goroutines moving its I/O.
type linuxProc struct {
	proc  *os.Process
	io    *stdio
	grace time.Duration
}

func (p *linuxProc) Pid() int { return p.proc.Pid }

// Wait implements Process: the exit first (the zombie stays), then the
// output, at most grace longer.
func (p *linuxProc) Wait() (Result, error) {
	signaled, code, err := waitExit(p.proc.Pid)
	p.io.finish(p.grace)
	if err != nil {
		return Result{}, err
	}
	r := Result{Signaled: signaled, Out: &p.io.out, Err: &p.io.err,
		OutTruncated: p.io.out.Truncated(), ErrTruncated: p.io.err.Truncated()}
	if signaled {
		r.Signal = code
	} else {
		r.ExitCode = code
	}
	return r, nil
}

// Release reaps the zombie.
func (p *linuxProc) Release() { _, _ = p.proc.Wait() }
