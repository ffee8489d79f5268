package files

import "github.com/goqga/goqga/command"

// Name is the domain's name (faults: actor.files).
const Name = "files"

var handleArg = command.Arg("handle", command.TInt)

// whenceType is qemu's GuestFileWhence: an lseek number or a QGASeek name.
var whenceType = command.TAlt("GuestFileWhence", command.TInt, command.TEnum("QGASeek", "set", "cur", "end"))

// Specs declares the domain's commands, with qemu-ga's argument names.
var Specs = []command.Spec{
	{Name: "guest-file-open", Domain: Name, Args: []command.Field{
		command.Arg("path", command.TStr), command.Opt("mode", command.TStr)}},
	{Name: "guest-file-close", Domain: Name, Args: []command.Field{handleArg}},
	{Name: "guest-file-read", Domain: Name, Args: []command.Field{
		handleArg, command.Opt("count", command.TInt)}},
	{Name: "guest-file-write", Domain: Name, Args: []command.Field{
		handleArg, command.Arg("buf-b64", command.TStr), command.Opt("count", command.TInt)}},
	{Name: "guest-file-seek", Domain: Name, Args: []command.Field{
		handleArg, command.Arg("offset", command.TInt), command.Arg("whence", whenceType)}},
	{Name: "guest-file-flush", Domain: Name, Args: []command.Field{handleArg}},
}
