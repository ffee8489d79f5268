package exec

import (
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/process"
)

// Name is the domain's name (faults: actor.exec).
const Name = "exec"

// The domain's commands.
const (
	ExecCmd   = "guest-exec"
	StatusCmd = "guest-exec-status"
)

// captureType is qemu-ga 11.1's GuestExecCaptureOutput: a bool (2.5) or a
// GuestExecCaptureOutputMode name (8.0; merged later).
var captureType = command.TAlt("GuestExecCaptureOutput", command.TBool,
	command.TEnum("GuestExecCaptureOutputMode", process.Captures...))

// Specs declares the domain's commands, with qemu-ga's argument names.
// Neither runs while frozen: a program could write to a frozen
// filesystem and hang, and status has nothing to report that a host
// needs before the thaw.
var Specs = []command.Spec{
	{Name: ExecCmd, Domain: Name, Args: []command.Field{
		command.Arg("path", command.TStr),
		command.Opt("arg", command.TArray(command.TStr)),
		command.Opt("env", command.TArray(command.TStr)),
		command.Opt("input-data", command.TStr),
		command.Opt("capture-output", captureType),
	}},
	{Name: StatusCmd, Domain: Name, Args: []command.Field{command.Arg("pid", command.TInt)}},
}

// The domain's internal work, never in the registry: a process ended (a
// waiter posts it), results nobody collected expire (a timer posts it).
// Both run while frozen: they only change the table.
var (
	exitedSpec = &command.Spec{Name: "goqga-exec-exited", Domain: Name, AllowedFrozen: true}
	expireSpec = &command.Spec{Name: "goqga-exec-expire", Domain: Name, AllowedFrozen: true}
)
