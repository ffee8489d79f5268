package power

import (
	"errors"
	"fmt"
)

// shutdownWay is how each mode is carried out, in order of preference:
// the mode's own program (upstream qemu-ga), /sbin/shutdown with a flag
// (qemu-ga 7.2), and reboot(2) when neither exists.
type shutdownWay struct {
	program string
	flag    string
	reboot  int
}

var shutdownWays = map[Mode]shutdownWay{
	Powerdown: {program: "/sbin/poweroff", flag: "-P", reboot: rebootCmdPowerOff},
	Halt:      {program: "/sbin/halt", flag: "-H", reboot: rebootCmdHalt},
	Reboot:    {program: "/sbin/reboot", flag: "-r", reboot: rebootCmdRestart},
}

const (
	shutdownProgram = "/sbin/shutdown"
	shutdownMessage = "hypervisor initiated shutdown"
)

// Shutdown runs the shutdown program for m, or syncs and calls reboot(2)
// when the guest has none. It returns once the program has exited 0 (the
// shutdown is under way); reboot(2) does not return on success.
func (l *Linux) Shutdown(m Mode) error {
	way, ok := shutdownWays[m]
	if !ok {
		_, err := ParseMode(string(m), true)
		return err
	}
	argv := l.shutdownArgv(way)
	if argv == nil {
		return l.rebootNow(way.reboot)
	}
	status, err := l.sys.Run(argv, 0)
	switch {
	case errors.Is(err, ErrAbnormal):
		return errors.New("child process has terminated abnormally")
	case err != nil || status != 0:
		// qemu-ga's text whether the program failed or could not start.
		return errors.New("child process has failed to shutdown")
	}
	return nil
}

// shutdownArgv is the command Shutdown runs, nil when no program exists.
func (l *Linux) shutdownArgv(way shutdownWay) []string {
	if l.sys.Executable(way.program) {
		return []string{way.program}
	}
	if l.sys.Executable(shutdownProgram) {
		return []string{shutdownProgram, "-h", way.flag, "+0", shutdownMessage}
	}
	return nil
}

// rebootNow is the last resort of minimal guests. sync first: reboot(2)
// does not write back dirty pages, and the guest's applications would
// lose what they wrote last.
func (l *Linux) rebootNow(cmd int) error {
	l.sys.Sync()
	if err := l.sys.Reboot(cmd); err != nil {
		return fmt.Errorf("no shutdown program found and reboot(2) failed: %v", err)
	}
	return nil
}
