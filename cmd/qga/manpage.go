package main

import (
	"io"

	"github.com/spf13/pflag"

	"github.com/goqga/goqga/manpage"
)

// manPage is qga(1): its OPTIONS are the flag set --help prints.
func manPage(w io.Writer, fs *pflag.FlagSet) error {
	return manpage.Write(w, manpage.Page{
		Name: "qga", Section: "1", Version: "goqga", Manual: "User Commands",
		Summary:  "send one command to a QEMU guest agent",
		Synopsis: usageLine[len("usage: "):],
		Description: []string{
			"qga connects to a guest agent's unix socket (on the host, the chardev socket QEMU serves; " +
				"or an agent run with -m unix-listen), resyncs like a careful host (0xFF, then " +
				"guest-sync-delimited), sends COMMAND with the JSON object ARGS-JSON as its arguments, and " +
				"prints the return value as indented JSON. An error reply prints \"error: CLASS: desc\" to stderr.",
			"guest-shutdown and guest-suspend-* send no reply on success: qga waits WAIT; silence or EOF " +
				"counts as success.",
		},
		Flags:       fs,
		ShowDefault: func(f *pflag.Flag) bool { return f.DefValue != "" && f.Value.Type() != "bool" && f.Name != "socket" },
		Sections: []manpage.Section{
			{Title: "Environment", Paragraphs: []string{"QGA_SOCKET: the default for -s."}},
			{Title: "Exit status", Paragraphs: []string{
				"  0  success\n  1  the agent answered with an error\n  2  usage error\n" +
					"  3  timeout or I/O error (a failed resync, an unparseable reply)"}},
			{Title: "Examples", Paragraphs: []string{
				"  qga -s /run/qga.sock guest-info\n  qga -s /run/qga.sock guest-sync '{\"id\":42}'"}},
			{Title: "See also", Paragraphs: []string{"goqga(8), qemu-ga(8)"}},
		},
	})
}
