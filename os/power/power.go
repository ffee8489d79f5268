package power

import "errors"

// Mode is a guest-shutdown mode.
type Mode string

// The shutdown modes qemu-ga accepts; Powerdown is the default.
const (
	Halt      Mode = "halt"
	Powerdown Mode = "powerdown"
	Reboot    Mode = "reboot"
)

// SuspendMode is what a guest-suspend-* command asks for.
type SuspendMode string

// The suspend modes, named after their commands.
const (
	RAM    SuspendMode = "ram"
	Disk   SuspendMode = "disk"
	Hybrid SuspendMode = "hybrid"
)

// Power shuts down and suspends the guest. Shutdown returns once the
// shutdown has been started (the machine may go down any moment after);
// Suspend returns after the guest has resumed, or once the suspend has
// been handed to a service manager that performs it later.
type Power interface {
	Shutdown(Mode) error
	Suspend(SuspendMode) error
}

// ErrUnsupported is qemu-ga's answer when no suspend method supports the
// mode.
var ErrUnsupported = errors.New("the requested suspend mode is not supported by the guest")

// ParseMode validates a guest-shutdown mode; "" (no mode argument) is
// powerdown. The error text is qemu-ga's, unbalanced parenthesis included.
func ParseMode(s string, given bool) (Mode, error) {
	if !given {
		return Powerdown, nil
	}
	switch m := Mode(s); m {
	case Halt, Powerdown, Reboot:
		return m, nil
	}
	return "", errors.New("mode is invalid (valid values are: halt|powerdown|reboot")
}

// reboot(2) commands (linux/reboot.h). They are plain numbers here so the
// shutdown logic stays portable and testable; a Linux test checks them
// against x/sys/unix.
const (
	rebootCmdRestart  = 0x01234567
	rebootCmdHalt     = 0xCDEF0123
	rebootCmdPowerOff = 0x4321FEDC
)
