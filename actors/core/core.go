package core

import (
	"encoding/json"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/command"
)

// Name is the domain's name (faults: actor.core).
const Name = "core"

// Specs declares the domain's commands.
var Specs = []command.Spec{
	{Name: "guest-sync-delimited", Domain: Name, Args: []command.Field{command.Arg("id", command.TInt)}, AllowedFrozen: true, Delimited: true},
	{Name: "guest-sync", Domain: Name, Args: []command.Field{command.Arg("id", command.TInt)}, AllowedFrozen: true},
	{Name: "guest-ping", Domain: Name, AllowedFrozen: true},
}

// Logic answers the core commands.
var Logic = domain.LogicFunc(handle)

func handle(req *command.Request) domain.Step {
	switch req.Spec.Name {
	case "guest-sync", "guest-sync-delimited":
		var a struct{ ID json.Number }
		if err := json.Unmarshal(req.Args, &a); err != nil {
			return domain.Now(req.Fail(err))
		}
		// Echo the integer exactly as sent: clients compare it textually.
		return domain.Now(req.ReturnRaw([]byte(a.ID)))
	case "guest-ping":
		return domain.Now(req.ReturnRaw([]byte("{}")))
	}
	return domain.Now(req.Fail(command.NotFound(req.Spec.Name)))
}
