package config

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

const (
	usageIndent = 24 // column where option descriptions start
	usageWidth  = 79 // wrap descriptions before this column
)

// Usage writes qemu-ga-like help text listing every option, generated
// from registerFlags so a new option cannot be left out.
func Usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("Usage: qemu-ga [-m <method> -p <path>] [<options>]\n")
	b.WriteString("QEMU Guest Agent (goqga)\n\n")
	fs := newFlagSet(defaultConfig(), &parseState{})
	fs.VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			writeFlagUsage(&b, f)
		}
	})
	b.WriteString("\n" + ConfigFileHelp)
	io.WriteString(w, b.String())
}

// ConfigFileHelp describes the config file, for --help and the man page.
const ConfigFileHelp = `The config file is a keyfile with a [general] group and qemu-ga's keys
daemon, method, path, logfile, pidfile, fsfreeze-hook, statedir, verbose,
retry-path, block-rpcs and allow-rpcs (blacklist: deprecated block-rpcs);
every other long option above is a key too (qemu-ga ignores those).
Unknown groups and keys are ignored with a warning. Command-line options
override the file; block and allow lists from both are added together.
`

// FlagSet returns every option with its default, as --help lists them
// (hidden ones included: check Hidden), for the man page.
func FlagSet() *pflag.FlagSet { return newFlagSet(defaultConfig(), &parseState{}) }

// ShowDefault reports whether --help appends a flag's default to its text.
func ShowDefault(f *pflag.Flag) bool { return showDefault(f) }

func writeFlagUsage(b *strings.Builder, f *pflag.Flag) {
	name, text := pflag.UnquoteUsage(f)
	head := "      --" + f.Name
	if f.Shorthand != "" {
		head = "  -" + f.Shorthand + ", --" + f.Name
	}
	switch {
	case name == "":
	case f.NoOptDefVal != "":
		head += "[=" + name + "]"
	default:
		head += "=" + name
	}
	if showDefault(f) {
		text += fmt.Sprintf(" (default %s)", f.DefValue)
	}
	lines := wrap(text, usageWidth-usageIndent)
	if len(head) >= usageIndent-1 {
		b.WriteString(head + "\n")
	} else {
		b.WriteString(head + strings.Repeat(" ", usageIndent-len(head)) + lines[0] + "\n")
		lines = lines[1:]
	}
	for _, l := range lines {
		b.WriteString(strings.Repeat(" ", usageIndent) + l + "\n")
	}
}

// showDefault reports whether a flag's default is worth printing: not for
// switches, lists and empty strings.
func showDefault(f *pflag.Flag) bool {
	switch f.Value.Type() {
	case "bool", "list":
		return false
	}
	return f.DefValue != "" && !strings.Contains(f.Usage, "(default ")
}

// wrap splits text into lines of at most width bytes, breaking at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}
