package freeze

import (
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/supervisor"
)

// Name is the domain's name (faults: actor.freeze).
const Name = "freeze"

// The domain's commands.
const (
	StatusCmd = "guest-fsfreeze-status"
	FreezeCmd = "guest-fsfreeze-freeze"
	ListCmd   = "guest-fsfreeze-freeze-list"
	ThawCmd   = "guest-fsfreeze-thaw"
)

// Specs declares the domain's commands. Status and thaw are allowed while
// frozen: a host must always be able to ask and to undo.
var Specs = []command.Spec{
	{Name: StatusCmd, Domain: Name, AllowedFrozen: true},
	{Name: FreezeCmd, Domain: Name},
	{Name: ListCmd, Domain: Name, Args: []command.Field{command.Opt("mountpoints", command.TArray(command.TStr))}},
	{Name: ThawCmd, Domain: Name, AllowedFrozen: true},
}

// Gate tells the supervisor which of the commands move its freeze gate.
var Gate = supervisor.Gate{Domain: Name, Freeze: []string{FreezeCmd, ListCmd}, Thaw: []string{ThawCmd}, Status: StatusCmd}

// The domain's internal work, never in the registry (a host cannot call
// them): the watchdog's thaw and the thaw before the agent exits.
var (
	watchdogSpec = &command.Spec{Name: "goqga-freeze-watchdog", Domain: Name, AllowedFrozen: true}
	exitSpec     = &command.Spec{Name: "goqga-thaw-before-exit", Domain: Name, AllowedFrozen: true}
)
