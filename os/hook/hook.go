package hook

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/os/files"
)

// MaxOutput bounds the hook output kept for the error message.
const MaxOutput = 4096

// DefaultTimeout is how long a hook may run when none is set.
const DefaultTimeout = time.Minute

// grace is how long Run waits for the hook's pipes after killing it.
const grace = time.Second

// Runner runs one hook program.
type Runner struct {
	Path    string        // the hook; "" runs nothing
	Timeout time.Duration // 0 means DefaultTimeout
	Faults  *faults.Injector
}

// Run runs "Path arg" and waits for it. The errors are qemu-ga's, plus the
// hook's output: "fsfreeze hook has failed with status 3: db busy".
func (r *Runner) Run(arg string) error {
	if r == nil || r.Path == "" {
		return nil
	}
	if err := r.Faults.Hit(pointHook, arg); err != nil {
		return fmt.Errorf("fsfreeze hook %s failed: %s", arg, files.Strerror(err))
	}
	if err := unix.Access(r.Path, unix.X_OK); err != nil {
		return fmt.Errorf("can't access fsfreeze hook '%s': %s", r.Path, files.Strerror(err))
	}
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	out := &capped{max: MaxOutput}
	cmd := command(ctx, r.Path, arg, out)
	err := cmd.Run()
	return result(err, ctx.Err(), timeout, out.String())
}

// command builds the hook's process: its own session, so the whole
// process group can be killed; stdin from /dev/null; output captured.
func command(ctx context.Context, path, arg string, out *capped) *exec.Cmd {
	cmd := exec.CommandContext(ctx, path, arg)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = grace
	return cmd
}

func result(err, ctxErr error, timeout time.Duration, output string) error {
	output = strings.TrimSpace(output)
	if output != "" {
		output = ": " + output
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return nil
	case errors.Is(ctxErr, context.DeadlineExceeded):
		return fmt.Errorf("fsfreeze hook has terminated abnormally: killed after the %v timeout%s", timeout, output)
	case errors.As(err, &exit) && exit.Exited():
		return fmt.Errorf("fsfreeze hook has failed with status %d%s", exit.ExitCode(), output)
	case errors.As(err, &exit):
		return fmt.Errorf("fsfreeze hook has terminated abnormally (%v)%s", exit, output)
	}
	return fmt.Errorf("cannot run fsfreeze hook: %v", err)
}

// capped keeps the first max bytes written to it and counts the rest.
type capped struct {
	max     int
	b       []byte
	dropped int
}

func (c *capped) Write(p []byte) (int, error) {
	room := max(c.max-len(c.b), 0)
	n := min(room, len(p))
	c.b = append(c.b, p[:n]...)
	c.dropped += len(p) - n
	return len(p), nil
}

func (c *capped) String() string {
	if c.dropped > 0 {
		return fmt.Sprintf("%s... (%d more bytes)", c.b, c.dropped)
	}
	return string(c.b)
}

var pointHook = faults.Declare("os.hook", "before running the fsfreeze hook", "freeze or thaw")
