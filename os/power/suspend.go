package power

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
)

// suspendWay names a suspend mode for each method qemu-ga tries.
type suspendWay struct {
	unit      string // systemd unit probed with systemctl status
	verb      string // systemctl verb
	pmFlag    string // pm-is-supported flag
	pmProgram string // pm-utils program
	sysfs     string // word in /sys/power/state; "" when sysfs cannot
}

var suspendWays = map[SuspendMode]suspendWay{
	Disk:   {"systemd-hibernate", "hibernate", "--hibernate", "pm-hibernate", "disk"},
	RAM:    {"systemd-suspend", "suspend", "--suspend", "pm-suspend", "mem"},
	Hybrid: {"systemd-hybrid-sleep", "hybrid-sleep", "--suspend-hybrid", "pm-suspend-hybrid", ""},
}

// suspendMethod is one way to suspend: a probe, then the action.
type suspendMethod struct {
	supports func(suspendWay) bool
	suspend  func(suspendWay) error
}

// Suspend tries systemd, then pm-utils, then /sys/power/state, as qemu-ga
// does: the first method that supports the mode and succeeds wins. Unlike
// qemu-ga, a method that supports the mode but fails is reported when no
// later method succeeds (qemu-ga then answers success, silently).
func (l *Linux) Suspend(m SuspendMode) error {
	way, ok := suspendWays[m]
	if !ok {
		return ErrUnsupported
	}
	var last error
	for _, meth := range l.suspendMethods() {
		if !meth.supports(way) {
			continue
		}
		if last = meth.suspend(way); last == nil {
			return nil
		}
	}
	if last == nil {
		return ErrUnsupported
	}
	return last
}

func (l *Linux) suspendMethods() []suspendMethod {
	return []suspendMethod{
		{l.systemdSupports, l.systemdSuspend},
		{l.pmSupports, l.pmSuspend},
		{l.sysfsSupports, l.sysfsSuspend},
	}
}

// systemdSupports: systemctl status answers with LSB codes; 1-3 mean the
// unit exists (typically 3, not running), 4 that it does not.
func (l *Linux) systemdSupports(w suspendWay) bool {
	status, err := l.sys.Run([]string{"systemctl", "status", w.unit}, probeTimeout)
	return err == nil && status >= 1 && status <= 3
}

func (l *Linux) systemdSuspend(w suspendWay) error {
	status, err := l.sys.Run([]string{"systemctl", w.verb}, 0)
	return helperResult("systemctl "+w.verb, status, err)
}

func (l *Linux) pmSupports(w suspendWay) bool {
	status, err := l.sys.Run([]string{"pm-is-supported", w.pmFlag}, probeTimeout)
	return err == nil && status == 0
}

func (l *Linux) pmSuspend(w suspendWay) error {
	status, err := l.sys.Run([]string{w.pmProgram}, 0)
	return helperResult(w.pmProgram, status, err)
}

func (l *Linux) sysfsSupports(w suspendWay) bool {
	if w.sysfs == "" {
		return false
	}
	b, err := l.sys.ReadState(l.sys.StateFile)
	return err == nil && slices.ContainsFunc(bytes.Fields(b), func(f []byte) bool { return string(f) == w.sysfs })
}

// sysfsSuspend writes the mode to /sys/power/state; the write returns
// after the guest has resumed.
func (l *Linux) sysfsSuspend(w suspendWay) error {
	if err := l.sys.WriteState(l.sys.StateFile, w.sysfs); err != nil {
		return fmt.Errorf("failed to write '%s' to %s: %v", w.sysfs, l.sys.StateFile, err)
	}
	return nil
}

// helperResult turns a helper's outcome into qemu-ga's error texts.
func helperResult(name string, status int, err error) error {
	switch {
	case errors.Is(err, ErrNotFound):
		return fmt.Errorf("the helper program '%s' was not found", name)
	case errors.Is(err, ErrAbnormal):
		return fmt.Errorf("the helper program '%s' terminated abnormally", name)
	case err != nil:
		return fmt.Errorf("failed to create child process, error '%v'", err)
	case status != 0:
		return fmt.Errorf("the helper program '%s' returned an unexpected exit status code (%d)", name, status)
	}
	return nil
}
