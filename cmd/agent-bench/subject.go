package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/goqga/goqga/client"
)

// dangerous commands are blocked in both agents: this machine is not a
// guest. guest-exec stays: the exec workloads run /bin/true, head and sh.
var dangerous = []string{
	"guest-shutdown", "guest-suspend-disk", "guest-suspend-ram", "guest-suspend-hybrid",
	"guest-fsfreeze-freeze", "guest-fsfreeze-freeze-list", "guest-fsfreeze-thaw", "guest-set-time",
	"guest-set-vcpus", "guest-set-memory-blocks", "guest-set-user-password",
	"guest-fstrim", "guest-ssh-add-authorized-keys", "guest-ssh-remove-authorized-keys",
}

// subject is one agent under measurement.
type subject struct {
	name string
	argv func(sock, state string) []string
	dir  string
	sock string
	cmd  *exec.Cmd
	// noProcStats: memory, CPU, wake-up and start-up figures mean nothing
	// for this subject (the floor) and are not taken.
	noProcStats bool
	// bin, for goqga, is its binary: the KubeVirt cycle runs it again
	// with GOMAXPROCS=1.
	bin string
	env []string // added to the agent's environment
}

func newGoqga(bin, dir string) *subject {
	return &subject{name: "goqga", dir: filepath.Join(dir, "goqga"), bin: bin, argv: func(sock, state string) []string {
		// The real backend, for the exec workloads' programs (files are
		// then the host's own paths: no --sim-root); every command that
		// could change this machine is blocked.
		return []string{bin, "-m", "unix-listen", "-p", sock, "-t", state, "--os", "linux", "-b", strings.Join(dangerous, ",")}
	}}
}

func newQemuGA(bin, dir string) *subject {
	return &subject{name: "qemu-ga", dir: filepath.Join(dir, "qemu-ga"), argv: func(sock, state string) []string {
		return []string{bin, "-m", "unix-listen", "-p", sock, "-t", state, "-b", strings.Join(dangerous, ",")}
	}}
}

// start launches the agent and returns the time until its first reply.
func (s *subject) start() (time.Duration, error) {
	os.RemoveAll(s.dir)
	state := filepath.Join(s.dir, "state")
	if err := os.MkdirAll(state, 0o755); err != nil {
		return 0, err
	}
	s.sock = filepath.Join(s.dir, "sock")
	argv := s.argv(s.sock, state)
	s.cmd = exec.Command(argv[0], argv[1:]...)
	if s.env != nil {
		s.cmd.Env = append(os.Environ(), s.env...)
	}
	t0 := time.Now()
	if err := s.cmd.Start(); err != nil {
		return 0, err
	}
	for time.Since(t0) < 10*time.Second {
		if c, err := client.Dial("unix", s.sock, time.Second); err == nil {
			_, err = c.Call("guest-ping", nil)
			c.Close()
			if err == nil {
				return time.Since(t0), nil
			}
		}
		time.Sleep(200 * time.Microsecond)
	}
	s.stop()
	return 0, fmt.Errorf("%s did not answer within 10 s", s.name)
}

func (s *subject) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			_ = s.cmd.Process.Kill()
			<-done
		}
	}
	s.cmd = nil
}

func (s *subject) dial() (*client.Client, error) {
	c, err := client.Dial("unix", s.sock, 30*time.Second)
	if err != nil {
		return nil, err
	}
	return c, c.Sync()
}
