package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/spf13/pflag"
)

const usageLine = "usage: qga [-s SOCKET] [-t TIMEOUT] [--wait WAIT] [--no-sync] [--plain-sync] COMMAND [ARGS-JSON]"

type options struct {
	socket    string
	timeout   time.Duration
	wait      time.Duration
	noSync    bool
	plainSync bool
	cmd       string
	args      json.RawMessage // nil when none given
}

// errHelp asks for the usage text on stdout and exit status 0; errMan
// for the man page.
var (
	errHelp = errors.New("help requested")
	errMan  = errors.New("man page requested")
)

// parseArgs parses the command line; every error is a usage error.
func parseArgs(args []string, getenv func(string) string) (*options, *pflag.FlagSet, error) {
	o := &options{timeout: 10 * time.Second, wait: time.Second}
	fs := pflag.NewFlagSet("qga", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVarP(&o.socket, "socket", "s", getenv("QGA_SOCKET"), "agent unix socket (default $QGA_SOCKET)")
	fs.VarP((*seconds)(&o.timeout), "timeout", "t", "timeout: a duration or seconds, 0 = none")
	fs.Var((*seconds)(&o.wait), "wait", "how long to wait for a reply to shutdown/suspend")
	fs.BoolVar(&o.noSync, "no-sync", false, "send the command without resyncing first")
	fs.BoolVar(&o.plainSync, "plain-sync", false, "resync with guest-sync (no 0xFF) like libvirt")
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
	case len(args) == 0 || len(args) > 2:
		return errors.New("expected COMMAND and optional ARGS-JSON")
	case o.socket == "":
		return errors.New("no socket: pass -s SOCKET or set QGA_SOCKET")
	case o.noSync && o.plainSync:
		return errors.New("--no-sync and --plain-sync are mutually exclusive")
	}
	o.cmd = args[0]
	if len(args) == 2 {
		return o.setArgs(args[1])
	}
	return nil
}

func (o *options) setArgs(s string) error {
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(s)); err != nil {
		return fmt.Errorf("ARGS-JSON: %v", err)
	}
	if buf.Len() == 0 || buf.Bytes()[0] != '{' {
		return errors.New("ARGS-JSON must be a JSON object")
	}
	o.args = buf.Bytes()
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
