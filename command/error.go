package command

import "fmt"

// Error classes qemu-ga uses. Clients (libvirt) only distinguish these two.
const (
	ClassGeneric  = "GenericError"
	ClassNotFound = "CommandNotFound"
)

// Error is a protocol error reply: {"error": {"class": ..., "desc": ...}}.
type Error struct {
	Class string `json:"class"`
	Desc  string `json:"desc"`
}

func (e *Error) Error() string { return e.Class + ": " + e.Desc }

// Errorf builds a GenericError.
func Errorf(format string, args ...any) *Error {
	return &Error{Class: ClassGeneric, Desc: fmt.Sprintf(format, args...)}
}

// NotFound is qemu-ga's reply to an unknown command.
func NotFound(name string) *Error {
	return &Error{Class: ClassNotFound, Desc: fmt.Sprintf("The command %s has not been found", name)}
}

// Disabled is qemu-ga 7.2's reply to a command blocked by -b/-a.
func Disabled(name string) *Error {
	return &Error{Class: ClassNotFound, Desc: fmt.Sprintf("Command %s has been disabled", name)}
}

// DisabledFrozen is qemu-ga 7.2's reply to a command refused while frozen.
func DisabledFrozen(name string) *Error {
	return &Error{Class: ClassNotFound,
		Desc: fmt.Sprintf("Command %s has been disabled: the agent is in frozen state", name)}
}
