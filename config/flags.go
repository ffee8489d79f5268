package config

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
)

// parseState collects what the command line says beyond Config fields.
type parseState struct {
	action     Action // first immediate action on the line; ActionRun if none
	configFile string
	configSet  bool
	dump       bool
	blockSet   bool
	allowSet   bool
	warnings   []string // deprecated options used
}

// registerFlags defines every option on fs, bound to c (whose current
// values become the flags' defaults) and st.
//
// Add new options here, in the order --help should list them (qemu-ga's
// first, then ours, long-only). Give each usage text a `NAME` in back
// quotes for the value placeholder; Usage picks it up.
func registerFlags(fs *pflag.FlagSet, c *Config, st *parseState) {
	action(fs, st, ActionHelp, "help", "h", "display this help and exit")
	action(fs, st, ActionVersion, "version", "V", "print version information and exit")
	action(fs, st, ActionManPage, "man", "", "print the man page (roff) and exit")
	_ = fs.MarkHidden("man")
	fs.StringVarP(&st.configFile, "config", "c", "",
		"read the configuration from `FILE` (default $QGA_CONF, else "+DefaultConfigFile+")")
	fs.BoolVarP(&st.dump, "dump-conf", "D", false,
		"print a qemu-ga config file of the effective configuration and exit")
	fs.StringVarP(&c.Method, "method", "m", c.Method,
		"transport `METHOD`: one of "+strings.Join(Methods, ", "))
	fs.StringVarP(&c.Path, "path", "p", c.Path, "device or socket `PATH` (default "+
		DefaultVirtioPath+" for virtio-serial, "+DefaultSerialPath+
		" for isa-serial; required for unix-listen; CID:PORT for vsock-listen)")
	fs.StringVarP(&c.LogFile, "logfile", "l", c.LogFile, "log to `FILE` instead of stderr")
	fs.StringVarP(&c.PidFile, "pidfile", "f", c.PidFile, "write the daemon's pid to `FILE`")
	fs.StringVarP(&c.FsfreezeHook, "fsfreeze-hook", "F", c.FsfreezeHook,
		"run the `PATH` script with freeze/thaw around filesystem freezes; the value is optional "+
			"and must be attached (-F/path, --fsfreeze-hook=/path); bare -F means "+DefaultFsfreezeHook)
	fs.Lookup("fsfreeze-hook").NoOptDefVal = DefaultFsfreezeHook
	fs.StringVarP(&c.StateDir, "statedir", "t", c.StateDir, "keep state files in `DIR`, an absolute path")
	fs.BoolVarP(&c.Verbose, "verbose", "v", c.Verbose, "log extra debugging information")
	fs.BoolVarP(&c.Daemonize, "daemonize", "d", c.Daemonize, "become a daemon")
	rpcList(fs, &c.BlockRPCs, st, &st.blockSet, "block-rpcs", "b",
		"disable the RPCs of the comma-separated `LIST` (repeatable; \"help\" lists the RPCs)")
	rpcList(fs, &c.AllowRPCs, st, &st.allowSet, "allow-rpcs", "a",
		"enable only the RPCs of the comma-separated `LIST` (repeatable; \"help\" lists the RPCs)")
	fs.BoolVarP(&c.RetryPath, "retry-path", "r", c.RetryPath,
		"reopen the path every 5 seconds while it is unavailable or after it fails")
	deprecatedList(fs, &c.BlockRPCs, st, &st.blockSet, "blacklist", "block-rpcs")

	fs.StringVar(&c.OS, "os", c.OS, "operating-system backend `OS`: one of "+strings.Join(OSes, ", "))
	fs.IntVar(&c.MaxMessageBytes, "max-message-bytes", c.MaxMessageBytes,
		"reject a request larger than `BYTES`")
	fs.IntVar(&c.MaxInflightBytes, "max-inflight-bytes", c.MaxInflightBytes,
		"stop reading while requests of `BYTES` await their replies")
	fs.IntVar(&c.MaxReplyBytes, "max-reply-bytes", c.MaxReplyBytes,
		"stop reading, and building file-read replies, while replies of `BYTES` await the host")
	fs.IntVar(&c.MemoryLimit, "memory-limit", c.MemoryLimit,
		"collect garbage harder as the agent nears `BYTES` (Go's soft memory limit; GOMEMLIMIT overrides; 0: none)")
	fs.StringVar(&c.Faults, "faults", c.Faults,
		"inject faults for testing: `SPEC` is POINT[@TARGET]=ACTION[*COUNT],...")
	fs.IntVar(&c.MaxHandles, "max-handles", c.MaxHandles, "keep at most `N` guest-file handles open")
	fs.DurationVar(&c.FreezeTimeout, "freeze-timeout", c.FreezeTimeout,
		"thaw by itself when no thaw arrives within `DURATION` of a freeze (0 disables)")
	fs.UintSliceVar(&c.VsockAllowCIDs, "vsock-allow-cids", c.VsockAllowCIDs,
		"with vsock-listen: accept only peers with these comma-separated `CIDS` (default 2, the host)")
	fs.StringArrayVar(&c.FileAllow, "file-allow", c.FileAllow,
		"confine guest-file-open to the directory `DIR` and below, symbolic links resolved; repeatable (default anywhere)")
	fs.Var(&c.FileMode, "file-mode", "create guest files with the octal permission `MODE` (qemu-ga: 0666)")
	fs.IntVar(&c.ExecMax, "exec-max", c.ExecMax,
		"keep at most `N` guest-exec processes, running or with results not yet collected")
	fs.DurationVar(&c.ExecTTL, "exec-ttl", c.ExecTTL,
		"drop a guest-exec result nobody collected `DURATION` after the process ended")
	fs.StringArrayVar(&c.ExecAllow, "exec-allow", c.ExecAllow,
		"let guest-exec run only the program `PATH` (absolute, symbolic links resolved); repeatable (default any program)")
	fs.StringVar(&c.SimConfig, "sim-config", c.SimConfig,
		"with --os sim: read the simulated guest (mounts, interfaces, power) from the JSON `FILE`")
	fs.StringVar(&c.SimJournal, "sim-journal", c.SimJournal,
		"with --os sim: append one JSON line per simulated side effect to `FILE`")
	fs.StringVar(&c.SimRoot, "sim-root", c.SimRoot,
		"with --os sim: guest-file-* act inside `DIR`, the simulated guest's / (default a private temporary directory)")
}

// newFlagSet returns a quiet, getopt-like flag set with every option.
func newFlagSet(c *Config, st *parseState) *pflag.FlagSet {
	fs := pflag.NewFlagSet("qemu-ga", pflag.ContinueOnError)
	fs.SortFlags = false
	fs.SetOutput(io.Discard) // errors are returned, never printed here
	fs.Usage = func() {}
	registerFlags(fs, c, st)
	return fs
}

// parseFlags parses args into c, returning what else the line said.
func parseFlags(args []string, c *Config) (*parseState, error) {
	st := &parseState{}
	fs := newFlagSet(c, st)
	args, err := getoptArgs(fs, args)
	if err == nil {
		err = fs.Parse(args)
	}
	if err != nil {
		return nil, fmt.Errorf("%v (see --help)", err)
	}
	if st.action != ActionRun {
		return st, nil // like qemu-ga, -h/-V/-b help act before later checks
	}
	if rest := fs.Args(); len(rest) > 0 {
		return nil, fmt.Errorf("unexpected argument %q: qemu-ga takes options only "+
			"(an -F/--fsfreeze-hook value must be attached: -F/path or --fsfreeze-hook=/path)", rest[0])
	}
	st.configSet = fs.Changed("config")
	return st, nil
}

// getoptArgs rewrites the arguments so pflag reads them as getopt_long
// does. Long options may be abbreviated. In a short-option cluster, a
// value attached to an option ("-F/x", "-pfoo", "-dF/x") is taken
// literally, even for -F, whose value is optional: pflag alone would read
// "-F/x" as a bare -F followed by the options "/" and "x". Inserting "="
// ("-F=/x") makes pflag take the rest verbatim; "-F=x" becomes "-F==x",
// whose value is "=x", exactly what getopt gives.
func getoptArgs(fs *pflag.FlagSet, args []string) ([]string, error) {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		out = append(out, a)
		switch {
		case a == "--":
			return append(out, args[i+1:]...), nil
		case strings.HasPrefix(a, "--"):
			var f *pflag.Flag
			var err error
			if out[len(out)-1], f, err = getoptLong(fs, a); err != nil {
				return nil, err
			}
			if f != nil && f.NoOptDefVal == "" && !strings.Contains(a, "=") && i+1 < len(args) {
				i++ // "--path VALUE": VALUE is not an option, even if it starts with '-'
				out = append(out, args[i])
			}
		case len(a) > 1 && a[0] == '-':
			var takesNext bool
			out[len(out)-1], takesNext = getoptCluster(fs, a)
			if takesNext && i+1 < len(args) {
				i++
				out = append(out, args[i])
			}
		}
	}
	return out, nil
}

// getoptLong expands an unambiguous abbreviation of a long option, as
// getopt_long accepts ("--verb" for "--verbose"), and returns the option
// named, or nil if there is none (pflag then reports it).
func getoptLong(fs *pflag.FlagSet, a string) (string, *pflag.Flag, error) {
	name, value, hasValue := strings.Cut(a[2:], "=")
	if f := fs.Lookup(name); f != nil || name == "" {
		return a, f, nil
	}
	var matches []string
	fs.VisitAll(func(f *pflag.Flag) {
		if strings.HasPrefix(f.Name, name) {
			matches = append(matches, "--"+f.Name)
		}
	})
	switch {
	case len(matches) == 0:
		return a, nil, nil
	case len(matches) > 1:
		return a, nil, fmt.Errorf("option --%s is ambiguous (could be %s)", name, strings.Join(matches, ", "))
	}
	if hasValue {
		return matches[0] + "=" + value, fs.Lookup(matches[0][2:]), nil
	}
	return matches[0], fs.Lookup(matches[0][2:]), nil
}

// getoptCluster rewrites one "-abc" cluster; takesNext reports that its
// last option needs the next argument as its value.
func getoptCluster(fs *pflag.FlagSet, a string) (string, bool) {
	for j := 1; j < len(a); j++ {
		f := fs.ShorthandLookup(a[j : j+1])
		if f == nil {
			return a, false // unknown: leave it to pflag to report
		}
		if f.NoOptDefVal != "" && f.Value.Type() == "bool" {
			continue // a switch: the next character is another option
		}
		rest := a[j+1:]
		if rest == "" {
			return a, f.NoOptDefVal == ""
		}
		return a[:j+1] + "=" + rest, false
	}
	return a, false
}

// actionValue is a switch that records an immediate action (-h, -V).
type actionValue struct {
	st     *parseState
	action Action
}

func action(fs *pflag.FlagSet, st *parseState, a Action, name, short, usage string) {
	f := fs.VarPF(&actionValue{st, a}, name, short, usage)
	f.NoOptDefVal = "true"
}

func (v *actionValue) Set(s string) error {
	on, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	if on {
		v.st.record(v.action)
	}
	return nil
}

func (v *actionValue) String() string { return "false" }
func (v *actionValue) Type() string   { return "bool" }

// record keeps the first immediate action: qemu-ga exits on the first.
func (st *parseState) record(a Action) {
	if st.action == ActionRun {
		st.action = a
	}
}

// listValue appends comma-separated items to a list on every use, so that
// repeated options and config-file lists add up; "help" (or "?", like
// qemu's is_help_option) asks for the command list instead.
type listValue struct {
	list        *[]string
	st          *parseState
	set         *bool
	deprecation string // for an old name: the warning its use gives
}

func rpcList(fs *pflag.FlagSet, list *[]string, st *parseState, set *bool, name, short, usage string) {
	fs.VarP(&listValue{list: list, st: st, set: set}, name, short, usage)
}

// deprecatedList registers an old name of a list option: hidden from
// --help, and its use is a warning.
func deprecatedList(fs *pflag.FlagSet, list *[]string, st *parseState, set *bool, name, newName string) {
	v := &listValue{list, st, set, name + " is deprecated, use --" + newName}
	fs.Var(v, name, "deprecated name of --"+newName)
	_ = fs.MarkHidden(name)
}

func (v *listValue) Set(s string) error {
	if v.deprecation != "" {
		v.st.warnings = append(v.st.warnings, "option --"+v.deprecation)
	}
	if s == "help" || s == "?" {
		v.st.record(ActionListCommands)
		return nil
	}
	*v.set = true
	*v.list = append(*v.list, splitList(s, ",")...)
	return nil
}

func (v *listValue) String() string { return strings.Join(*v.list, ",") }
func (v *listValue) Type() string   { return "list" }

// splitList splits on any of seps and drops empty items, so "a,,b," and a
// GLib-style "a;b;" both mean [a b].
func splitList(s, seps string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) })
}
