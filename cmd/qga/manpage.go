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
		Summary:  "an operator's client for a QEMU guest agent",
		Synopsis: usageLine[len("usage: "):],
		Description: []string{
			"qga connects to a guest agent (a unix socket: on the host, the chardev socket QEMU serves, " +
				"or an agent run with -m unix-listen; or vsock CID:PORT), resyncs like a careful host (0xFF, then " +
				"guest-sync-delimited), sends COMMAND with the JSON object ARGS-JSON as its arguments (@FILE reads " +
				"it from a file, - from stdin), and prints the return value as indented JSON (--raw: the reply " +
				"line as it came). An error reply prints \"error: CLASS: desc\" to stderr.",
			"guest-shutdown and guest-suspend-* send no reply on success: qga waits WAIT; silence or EOF " +
				"counts as success.",
			"Flows do common tasks in one call:\n" + flowUsage(),
		},
		Flags:       fs,
		ShowDefault: func(f *pflag.Flag) bool { return f.DefValue != "" && f.Value.Type() != "bool" && f.Name != "socket" },
		Sections: []manpage.Section{
			{Title: "Environment", Paragraphs: []string{"QGA_SOCKET: the default for -s."}},
			{Title: "Exit status", Paragraphs: []string{
				"  0  success\n  1  the agent answered with an error\n  2  usage error\n" +
					"  3  timeout or I/O error (a failed resync, an unparseable reply)",
				"qga exec exits with the program's status (128+N when signal N ended it), and 255 when " +
					"qga itself failed."}},
			{Title: "Examples", Paragraphs: []string{
				"  qga -s /run/qga.sock guest-info\n  qga -s /run/qga.sock guest-sync '{\"id\":42}'\n" +
					"  qga -s /run/qga.sock put ./app.conf /etc/app.conf\n  qga -s 3:4444 exec -- /bin/uname -a\n" +
					"  source <(qga completion bash)"}},
			{Title: "See also", Paragraphs: []string{"goqga(8), qemu-ga(8)"}},
		},
	})
}
