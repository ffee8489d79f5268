package process

import (
	"fmt"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/goqga/goqga/os/sim"
)

// simPath is where the simulated guest searches a name without '/'.
var simPath = []string{"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}

// firstSimPid is the first pid the simulated guest gives.
const firstSimPid = 4000

// Sim runs the simulated guest's scripted programs. It never starts a
// real process: a program writes its script, runs RunMs and ends as the
// World says, and both its start and its end are journaled (the path and
// argument count, the pid and exit status; never arguments, input or
// output).
type Sim struct {
	programs sim.Programs
	journal  *sim.Journal
	nextPid  atomic.Int64
}

// NewSim serves w's programs (DefaultPrograms when it lists none).
func NewSim(w *sim.World, j *sim.Journal) (*Sim, error) {
	progs := w.Programs
	if progs == nil {
		progs = sim.DefaultPrograms()
	}
	for p := range progs {
		if !strings.HasPrefix(p, "/") {
			return nil, fmt.Errorf("sim program %q: want an absolute path", p)
		}
	}
	s := &Sim{programs: progs, journal: j}
	s.nextPid.Store(firstSimPid)
	return s, nil
}

func (s *Sim) find(path string) (string, sim.Program, error) {
	if path == "" {
		return "", sim.Program{}, syscall.ENOENT
	}
	cands := []string{path}
	if !strings.Contains(path, "/") {
		cands = cands[:0]
		for _, d := range simPath {
			cands = append(cands, d+"/"+path)
		}
	}
	for _, c := range cands {
		if p, ok := s.programs[c]; ok {
			return c, p, nil
		}
	}
	return "", sim.Program{}, syscall.ENOENT
}

// Resolve implements Runner: the simulated guest has no symbolic links.
func (s *Sim) Resolve(sp Spec) (string, error) {
	p, _, err := s.find(sp.Path)
	return p, err
}

// Start implements Runner.
func (s *Sim) Start(sp Spec) (Process, error) {
	exe := sp.Exe
	if exe == "" {
		exe = sp.Path
	}
	full, prog, err := s.find(exe)
	if err != nil {
		return nil, &StartError{Path: sp.Path, Err: err}
	}
	pid := int(s.nextPid.Add(1) - 1)
	s.journal.Record(map[string]any{"op": "exec", "path": full, "pid": pid, "args": len(sp.Args)})
	return &simProc{pid: pid, prog: prog, spec: sp, journal: s.journal}, nil
}

type simProc struct {
	pid     int
	prog    sim.Program
	spec    Spec
	journal *sim.Journal
}

func (p *simProc) Pid() int { return p.pid }

// Wait runs the script: RunMs, then the output as the capture mode keeps
// it, within the same bounds as a real program's.
func (p *simProc) Wait() (Result, error) {
	time.Sleep(time.Duration(p.prog.RunMs) * time.Millisecond)
	out := p.prog.Stdout
	if p.prog.EchoArgs {
		out += strings.Join(p.spec.Args, " ") + "\n"
	}
	if p.prog.EchoStdin {
		out += string(p.spec.Stdin)
	}
	errOut := p.prog.Stderr
	c := p.spec.Capture
	if c == CaptureMerged {
		out, errOut = out+errOut, ""
	}
	o, e := Buffer{Max: MaxOutput}, Buffer{Max: MaxOutput}
	if c.stdout() {
		_, _ = o.Write([]byte(out))
	}
	if c.stderr() {
		_, _ = e.Write([]byte(errOut))
	}
	r := Result{ExitCode: p.prog.ExitCode, Out: &o, Err: &e,
		OutTruncated: o.Truncated(), ErrTruncated: e.Truncated()}
	entry := map[string]any{"op": "exit", "pid": p.pid}
	if p.prog.Signal != 0 {
		r.Signaled, r.Signal, r.ExitCode = true, p.prog.Signal, 0
		entry["signal"] = r.Signal
	} else {
		entry["exitcode"] = r.ExitCode
	}
	p.journal.Record(entry)
	return r, nil
}

func (p *simProc) Release() {}
