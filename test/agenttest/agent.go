package agenttest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/goqga/goqga/client"
	"github.com/goqga/goqga/os/procstat"
)

// Agent is one running agent process.
type Agent struct {
	Cmd     *exec.Cmd
	Dir     string // the agent's own directory
	Sock    string // its unix socket
	State   string // its state directory
	Journal string // its --sim-journal
	Root    string // its --sim-root: where guest path P is Root/P here

	log      *logSink
	done     chan struct{}
	waitErr  error
	statsMu  sync.Mutex // one Stats at a time: records are not tagged
	stopOnce sync.Once
}

// Start runs the agent bin in dir on a unix socket with --os sim, a sim
// journal and the simulated guest's root in dir/root (unless extra has
// --sim-root), then extra flags, and waits until it accepts connections.
func Start(bin, dir string, extra ...string) (*Agent, error) {
	a := &Agent{
		Dir: dir, Sock: filepath.Join(dir, "qga.sock"), State: filepath.Join(dir, "state"),
		Journal: filepath.Join(dir, "journal.jsonl"), log: newLogSink(), done: make(chan struct{}),
	}
	args := []string{"-m", "unix-listen", "-p", a.Sock, "-t", a.State, "--os", "sim", "--sim-journal", a.Journal}
	if i := slices.Index(extra, "--sim-root"); i >= 0 && i+1 < len(extra) {
		a.Root = extra[i+1]
	} else {
		a.Root = filepath.Join(dir, "root")
		if err := os.MkdirAll(a.Root, 0o700); err != nil {
			return nil, err
		}
		args = append(args, "--sim-root", a.Root)
	}
	args = append(args, extra...)
	a.Cmd = exec.Command(bin, args...)
	a.Cmd.Stderr = a.log
	a.Cmd.Dir = dir
	// A race-enabled agent would sleep a second at exit (the race
	// runtime's atexit_sleep_ms) unless told otherwise.
	a.Cmd.Env = os.Environ()
	if os.Getenv("GORACE") == "" {
		a.Cmd.Env = append(a.Cmd.Env, "GORACE=atexit_sleep_ms=0")
	}
	if err := a.Cmd.Start(); err != nil {
		return nil, err
	}
	go func() { a.waitErr = a.Cmd.Wait(); close(a.done) }()
	if err := a.waitListening(10 * time.Second); err != nil {
		a.Kill()
		return nil, err
	}
	return a, nil
}

// waitListening waits for the agent's serving line (its signal handlers
// are in place then), then polls until a connection succeeds.
func (a *Agent) waitListening(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	select {
	case <-a.log.serving:
	case <-a.done:
		return fmt.Errorf("agent exited at start: %v\n%s", a.waitErr, a.log)
	case <-time.After(timeout):
		return fmt.Errorf("agent did not log %q within %v:\n%s", ServingMessage, timeout, a.log)
	}
	for time.Now().Before(deadline) {
		if c, err := client.Dial("unix", a.Sock, time.Second); err == nil {
			return c.Close()
		}
		select {
		case <-a.done:
			return fmt.Errorf("agent exited at start: %v\n%s", a.waitErr, a.log)
		case <-time.After(5 * time.Millisecond):
		}
	}
	return fmt.Errorf("agent did not listen within %v:\n%s", timeout, a.log)
}

// Dial connects a client whose calls time out after timeout.
func (a *Agent) Dial(timeout time.Duration) (*client.Client, error) {
	c, err := client.Dial("unix", a.Sock, timeout)
	for i := 0; err != nil && errors.Is(err, syscall.ECONNREFUSED) && i < 200; i++ {
		time.Sleep(5 * time.Millisecond)
		c, err = client.Dial("unix", a.Sock, timeout)
	}
	return c, err
}

// Pid is the agent's process id.
func (a *Agent) Pid() int { return a.Cmd.Process.Pid }

// Alive reports whether the agent process still runs.
func (a *Agent) Alive() bool {
	select {
	case <-a.done:
		return false
	default:
		return true
	}
}

// Proc reads the agent's /proc figures from outside.
func (a *Agent) Proc() (procstat.Stats, error) { return procstat.Of(a.Pid()) }

// Stats asks the agent for its stats record (SIGUSR1) and waits for it.
func (a *Agent) Stats(timeout time.Duration) (Stats, error) {
	a.statsMu.Lock()
	defer a.statsMu.Unlock()
	a.log.drain()
	if err := a.Cmd.Process.Signal(syscall.SIGUSR1); err != nil {
		return Stats{}, err
	}
	select {
	case s := <-a.log.stats:
		return s, nil
	case <-a.done:
		return Stats{}, fmt.Errorf("agent exited: %v", a.waitErr)
	case <-time.After(timeout):
		return Stats{}, fmt.Errorf("no stats record within %v", timeout)
	}
}

// Log is the tail of the agent's stderr.
func (a *Agent) Log() string { return a.log.String() }

// Count reports how many log lines contain s.
func (a *Agent) Count(s string) int {
	n := 0
	for _, line := range strings.Split(a.Log(), "\n") {
		if strings.Contains(line, s) {
			n++
		}
	}
	return n
}

// Stop sends SIGTERM and waits up to timeout for a clean exit; it kills
// the agent after that. It reports how the agent ended.
func (a *Agent) Stop(timeout time.Duration) error {
	var err error
	a.stopOnce.Do(func() {
		if a.Alive() {
			_ = a.Cmd.Process.Signal(syscall.SIGTERM)
		}
		select {
		case <-a.done:
			err = a.waitErr
		case <-time.After(timeout):
			a.Kill()
			err = fmt.Errorf("agent still running %v after SIGTERM; killed", timeout)
		}
	})
	return err
}

// Kill ends the agent at once and waits for it.
func (a *Agent) Kill() {
	_ = a.Cmd.Process.Kill()
	<-a.done
}

// Exited reports whether and how the agent has ended.
func (a *Agent) Exited() (bool, error) {
	select {
	case <-a.done:
		return true, a.waitErr
	default:
		return false, nil
	}
}

// JournalText is the simulated guest's journal so far.
func (a *Agent) JournalText() string {
	b, _ := os.ReadFile(a.Journal)
	return string(b)
}
