package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/goqga/goqga/client"
)

// Exit statuses.
const (
	exitOK    = 0
	exitReply = 1 // the agent answered with an error
	exitUsage = 2
	exitIO    = 3 // timeout, I/O error, failed resync, unparseable reply
)

// run is the whole command; main only passes os.Args and exits.
func run(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	o, fs, err := parseArgs(args, getenv)
	if errors.Is(err, errHelp) {
		fmt.Fprintf(stdout, "%s\n%s", usageLine, fs.FlagUsages())
		return exitOK
	}
	if errors.Is(err, errMan) {
		_ = manPage(stdout, fs)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "qga: %v\n%s\n", err, usageLine)
		return exitUsage
	}
	return execute(o, stdout, stderr)
}

func execute(o *options, stdout, stderr io.Writer) int {
	c, err := client.Dial("unix", o.socket, o.timeout)
	if err != nil {
		return ioFailure(stderr, o, err)
	}
	defer c.Close()
	if err := resync(c, o); err != nil {
		return ioFailure(stderr, o, err)
	}
	var args any
	if o.args != nil {
		args = o.args
	}
	if noReply(o.cmd) {
		return callNoReply(c, o, args, stdout, stderr)
	}
	r, err := c.Call(o.cmd, args)
	if err != nil {
		return ioFailure(stderr, o, err)
	}
	return printReply(r, stdout, stderr)
}

func resync(c *client.Client, o *options) error {
	switch {
	case o.noSync:
		return nil
	case o.plainSync:
		return c.SyncPlain()
	}
	return c.Sync()
}

// noReply reports whether cmd sends no reply on success.
func noReply(cmd string) bool {
	return cmd == "guest-shutdown" || strings.HasPrefix(cmd, "guest-suspend-")
}

func callNoReply(c *client.Client, o *options, args any, stdout, stderr io.Writer) int {
	r, err := c.CallNoReply(o.cmd, args, o.wait)
	switch {
	case err != nil:
		return ioFailure(stderr, o, err)
	case r == nil:
		fmt.Fprintf(stdout, "no reply (expected for %s)\n", o.cmd)
		return exitOK
	}
	return printReply(r, stdout, stderr)
}

func printReply(r *client.Reply, stdout, stderr io.Writer) int {
	if r.Error != nil {
		fmt.Fprintf(stderr, "error: %v\n", r.Error)
		return exitReply
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, r.Return, "", "  "); err != nil {
		buf.Reset()
		buf.Write(r.Return)
	}
	buf.WriteByte('\n')
	stdout.Write(buf.Bytes())
	return exitOK
}

func ioFailure(stderr io.Writer, o *options, err error) int {
	if client.IsTimeout(err) {
		fmt.Fprintf(stderr, "qga: timeout after %v: %v\n", o.timeout, err)
	} else {
		fmt.Fprintf(stderr, "qga: %v\n", err)
	}
	return exitIO
}
