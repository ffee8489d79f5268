package sysinfo

import "github.com/goqga/goqga/command"

// Name is the domain's name (faults: actor.sysinfo).
const Name = "sysinfo"

// Specs declares the domain's commands. The read-only ones run while
// frozen (docs/FREEZE.md has the proof); set-time does not.
var Specs = []command.Spec{
	{Name: "guest-get-time", Domain: Name, AllowedFrozen: true},
	{Name: "guest-set-time", Domain: Name, Args: []command.Field{command.Opt("time", command.TInt)}},
	{Name: "guest-get-host-name", Domain: Name, AllowedFrozen: true},
	{Name: "guest-get-timezone", Domain: Name, AllowedFrozen: true},
	{Name: "guest-get-osinfo", Domain: Name, AllowedFrozen: true},
	{Name: "guest-get-users", Domain: Name, AllowedFrozen: true},
	{Name: "guest-get-load", Domain: Name, AllowedFrozen: true},
}
