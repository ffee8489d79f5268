package main

import (
	"errors"
	"io"
	"strconv"
	"time"

	"github.com/spf13/pflag"
)

const usageLine = "usage: qga [-s ADDRESS] [-t TIMEOUT] [--wait WAIT] [--no-sync|--plain-sync] [--raw] COMMAND [ARGS-JSON|@FILE|-]\n" +
	"       qga [-s ADDRESS] [-t TIMEOUT] FLOW [FLOW ARGS]   (flows: " + flowNames + ")"

type options struct {
	socket    string
	timeout   time.Duration
	wait      time.Duration
	noSync    bool
	plainSync bool
	raw       bool
	progress  string // auto, always, never
	cmd       string
	rest      []string // the command's or flow's own arguments
}

// errHelp asks for the usage text on stdout and exit status 0; errMan
// for the man page.
var (
	errHelp = errors.New("help requested")
	errMan  = errors.New("man page requested")
)

// parseArgs parses the global flags, up to the command or flow name;
// everything after it belongs to the command or the flow. Every error is
// a usage error.
func parseArgs(args []string, getenv func(string) string) (*options, *pflag.FlagSet, error) {
	o := &options{timeout: 10 * time.Second, wait: time.Second}
	fs := pflag.NewFlagSet("qga", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SetInterspersed(false)
	fs.StringVarP(&o.socket, "socket", "s", getenv("QGA_SOCKET"), "agent address: a unix socket path, or vsock CID:PORT (default $QGA_SOCKET)")
	fs.VarP((*seconds)(&o.timeout), "timeout", "t", "timeout of each call: a duration or seconds, 0 = none")
	fs.Var((*seconds)(&o.wait), "wait", "how long to wait for a reply to shutdown/suspend")
	fs.BoolVar(&o.noSync, "no-sync", false, "send the command without resyncing first")
	fs.BoolVar(&o.plainSync, "plain-sync", false, "resync with guest-sync (no 0xFF) like libvirt")
	fs.BoolVar(&o.raw, "raw", false, "print the reply line as it came (also error replies, on stdout)")
	fs.StringVar(&o.progress, "progress", "auto", "copy progress on stderr: auto (when stderr is a terminal), always, never")
	man := fs.Bool("man", false, "print the man page (roff) and exit")
	_ = fs.MarkHidden("man")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			err = errHelp
		}
		return nil, fs, err
	}
	if *man {
		return nil, fs, errMan
	}
	return o, fs, o.positional(fs.Args())
}

func (o *options) positional(args []string) error {
	switch {
	case len(args) == 0:
		return errors.New("expected a COMMAND or a FLOW")
	case o.noSync && o.plainSync:
		return errors.New("--no-sync and --plain-sync are mutually exclusive")
	case o.progress != "auto" && o.progress != "always" && o.progress != "never":
		return errors.New("--progress takes auto, always or never")
	}
	o.cmd, o.rest = args[0], args[1:]
	if o.socket == "" && needsAgent(o.cmd) {
		return errors.New("no socket: pass -s ADDRESS or set QGA_SOCKET")
	}
	return nil
}

// seconds is a duration flag that also accepts plain seconds ("2.5").
type seconds time.Duration

func (d *seconds) Set(s string) error {
	v, err := time.ParseDuration(s)
	if f, ferr := strconv.ParseFloat(s, 64); ferr == nil {
		v, err = time.Duration(f*float64(time.Second)), nil
	}
	if err == nil && v < 0 {
		err = errors.New("negative duration")
	}
	if err == nil {
		*d = seconds(v)
	}
	return err
}

func (d *seconds) String() string { return time.Duration(*d).String() }
func (d *seconds) Type() string   { return "duration" }
