package daemon

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	sddaemon "github.com/coreos/go-systemd/v22/daemon"
	"golang.org/x/sys/unix"
)

// envFD names the descriptor on which a daemonized child reports ready.
const envFD = "GOQGA_DAEMON_READY_FD"

// IsChild reports whether this process is the detached child.
func IsChild() bool { return os.Getenv(envFD) != "" }

// Start re-executes the program detached and waits for it to be ready.
// It returns only on failure; on success the parent exits 0.
func Start() error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	env := append(os.Environ(), envFD+"=3")
	p, err := os.StartProcess(exe, os.Args, &os.ProcAttr{
		Env:   env,
		Files: []*os.File{null, null, null, w},
		Sys:   &unix.SysProcAttr{Setsid: true},
	})
	w.Close()
	null.Close()
	if err != nil {
		return fmt.Errorf("cannot start the daemon: %w", err)
	}
	return waitReady(r, p)
}

func waitReady(r *os.File, p *os.Process) error {
	defer r.Close()
	msg, _ := io.ReadAll(r)
	if string(msg) == "ok" {
		os.Exit(0)
	}
	_, _ = p.Wait()
	if len(msg) == 0 {
		return errors.New("the daemon exited before it was ready")
	}
	return errors.New(string(msg))
}

// Ready tells the waiting parent that the child serves, and systemd
// (Type=notify) that the service is ready; Failed tells the parent why the
// child cannot. Each is a no-op where nobody waits.
func Ready() {
	report("ok")
	notify(sddaemon.SdNotifyReady)
}

// Failed reports a start-up failure to the waiting parent.
func Failed(err error) { report(err.Error()) }

func report(msg string) {
	fd, err := strconv.Atoi(os.Getenv(envFD))
	if err != nil {
		return
	}
	os.Unsetenv(envFD)
	f := os.NewFile(uintptr(fd), "ready")
	_, _ = f.WriteString(msg)
	_ = f.Close()
}
