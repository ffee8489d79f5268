//go:build linux

package power

import (
	"context"
	"errors"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/goqga/goqga/os/process"
)

// NewLinux returns the backend that really shuts the machine down. Only
// the agent builds it (with --os linux); tests never do.
func NewLinux() *Linux {
	return NewLinuxWith(System{
		Executable: executable,
		Run:        run,
		Sync:       unix.Sync,
		Reboot:     unix.Reboot,
		StateFile:  "/sys/power/state",
		ReadState:  readState,
		WriteState: writeState,
	})
}

func executable(path string) bool { return unix.Access(path, unix.X_OK) == nil }

// helperDirs are searched after $PATH: an agent started by a minimal init
// may have an empty PATH, and qemu-ga's helpers live in these.
var helperDirs = []string{"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}

func lookPath(name string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, d := range helperDirs {
		if p := filepath.Join(d, name); executable(p) {
			return p, nil
		}
	}
	return "", ErrNotFound
}

// run starts argv in its own session with stdio on /dev/null and waits
// for it. The child gets no other descriptor of the agent's.
func run(argv []string, timeout time.Duration) (int, error) {
	path, err := lookPath(argv[0])
	if err != nil {
		return -1, err
	}
	ctx := context.Background()
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	process.CloseOnExecAll() // inherited descriptors too
	cmd := exec.CommandContext(ctx, path, argv[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	err = cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &ee) && ee.Exited():
		return ee.ExitCode(), nil
	case errors.As(err, &ee):
		return -1, ErrAbnormal
	case errors.Is(err, fs.ErrNotExist):
		return -1, ErrNotFound
	}
	return -1, err
}
