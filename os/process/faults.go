package process

import "github.com/goqga/goqga/faults"

// WithFaults puts the fault points os.exec, os.exec_wait and
// os.exec_resolve (target: the path as the host gave it) in front of r.
// A fault on os.exec_wait still waits for the real process before it
// answers, so no process or goroutine is left behind.
func WithFaults(r Runner, inj *faults.Injector) Runner {
	if inj == nil {
		return r
	}
	return faulty{r: r, inj: inj}
}

type faulty struct {
	r   Runner
	inj *faults.Injector
}

func (f faulty) Resolve(s Spec) (string, error) {
	if err := f.inj.Hit(pointResolve, s.Path); err != nil {
		return "", err
	}
	return f.r.Resolve(s)
}

func (f faulty) Start(s Spec) (Process, error) {
	if err := f.inj.Hit(pointExec, s.Path); err != nil {
		return nil, err
	}
	p, err := f.r.Start(s)
	if err != nil {
		return nil, err
	}
	return &faultyProc{Process: p, path: s.Path, inj: f.inj}, nil
}

type faultyProc struct {
	Process
	path string
	inj  *faults.Injector
}

// Wait fires os.exec_wait after the real wait: a delay or hang holds the
// result back, an error replaces it.
func (p *faultyProc) Wait() (Result, error) {
	r, err := p.Process.Wait()
	if ferr := p.inj.Hit(pointWait, p.path); ferr != nil {
		return Result{}, ferr
	}
	return r, err
}

// The exec domain's fault points.
var (
	pointExec    = faults.Declare("os.exec", "starting a guest-exec program", "the path as the host gave it")
	pointWait    = faults.Declare("os.exec_wait", "after a guest-exec program ended, before its result is recorded (an error replaces the result; delay holds it back)", "the path as the host gave it")
	pointResolve = faults.Declare("os.exec_resolve", "resolving a program's path for the --exec-allow policy", "the path as the host gave it")
)
