package power

import (
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeSystem is a machine on paper: which programs exist, what they exit
// with, and a trace of every effect asked of it. The trace is the rendered
// state tests compare: it is what a real machine would have undergone.
type fakeSystem struct {
	programs  map[string]int  // program (or "program arg...") -> exit status; absent: missing
	killed    map[string]bool // commands that die of a signal
	rebootErr error
	trace     []string
}

func (f *fakeSystem) system(t *testing.T, state string) System {
	sys := System{
		Executable: func(p string) bool { _, ok := f.programs[p]; return ok },
		Run:        f.run,
		Sync:       func() { f.trace = append(f.trace, "sync") },
		Reboot: func(cmd int) error {
			f.trace = append(f.trace, fmt.Sprintf("reboot %#x", cmd))
			return f.rebootErr
		},
		StateFile:  filepath.Join(t.TempDir(), "state"),
		ReadState:  readState,
		WriteState: f.writeState,
	}
	if state != "" {
		writeFile(t, sys.StateFile, state)
	}
	return sys
}

func (f *fakeSystem) run(argv []string, timeout time.Duration) (int, error) {
	line := strings.Join(argv, " ")
	f.trace = append(f.trace, fmt.Sprintf("run %s (timeout %v)", line, timeout))
	if f.killed[line] {
		return -1, ErrAbnormal
	}
	if st, ok := f.programs[line]; ok {
		return st, nil
	}
	if _, ok := f.programs[argv[0]]; !ok {
		return -1, ErrNotFound
	}
	return f.programs[argv[0]], nil
}

func (f *fakeSystem) writeState(path, word string) error {
	f.trace = append(f.trace, "write "+word)
	return writeState(path, word)
}

func (f *fakeSystem) rendered() string { return strings.Join(f.trace, "\n") }

var errPerm = syscall.EPERM
