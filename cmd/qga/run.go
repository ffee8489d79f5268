package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/goqga/goqga/client"
)

// Exit statuses (qga exec exits with the program's own status instead,
// and with exitExecFailed when qga itself failed: see doc.go).
const (
	exitOK         = 0
	exitReply      = 1 // the agent answered with an error
	exitUsage      = 2
	exitIO         = 3   // timeout, I/O error, failed resync, unparseable reply
	exitExecFailed = 255 // qga exec: qga could not run the program or get its status
)

// session is one run of qga: its options, streams and (once dialled) the
// connection to the agent.
type session struct {
	o              *options
	c              *client.Client
	stdin          io.Reader
	stdout, stderr io.Writer
}

// run is the whole command; main only passes os.Args and the streams.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	o, fs, err := parseArgs(args, getenv)
	if errors.Is(err, errHelp) {
		fmt.Fprintf(stdout, "%s\n%s\nflows:\n%s", usageLine, fs.FlagUsages(), flowUsage())
		return exitOK
	}
	if errors.Is(err, errMan) {
		_ = manPage(stdout, fs)
		return exitOK
	}
	if err != nil {
		return usage(stderr, err)
	}
	s := &session{o: o, stdin: stdin, stdout: stdout, stderr: stderr}
	if f, ok := flows[o.cmd]; ok {
		return f.run(s)
	}
	return s.command()
}

func usage(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "qga: %v\n%s\n", err, usageLine)
	return exitUsage
}

// command sends one agent command and prints its reply.
func (s *session) command() int {
	args, err := commandArgs(s.o.rest, s.stdin)
	if err != nil {
		return usage(s.stderr, err)
	}
	if code := s.connect(); code != exitOK {
		return code
	}
	defer s.c.Close()
	var a any
	if args != nil {
		a = args
	}
	if noReply(s.o.cmd) {
		return s.callNoReply(a)
	}
	r, err := s.c.Call(s.o.cmd, a)
	if err != nil {
		return s.ioFailure(err)
	}
	return s.printReply(r)
}

// connect dials the agent and resyncs.
func (s *session) connect() int {
	c, err := dial(s.o.socket, s.o.timeout)
	if err != nil {
		return s.ioFailure(err)
	}
	if err := resync(c, s.o); err != nil {
		c.Close()
		return s.ioFailure(err)
	}
	s.c = c
	return exitOK
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

func (s *session) callNoReply(args any) int {
	r, err := s.c.CallNoReply(s.o.cmd, args, s.o.wait)
	switch {
	case err != nil:
		return s.ioFailure(err)
	case r == nil:
		fmt.Fprintf(s.stdout, "no reply (expected for %s)\n", s.o.cmd)
		return exitOK
	}
	return s.printReply(r)
}

// printReply prints the return value as indented JSON (--raw: the line as
// it came) or the error on stderr.
func (s *session) printReply(r *client.Reply) int {
	code := exitOK
	if r.Error != nil {
		code = exitReply
	}
	if s.o.raw {
		s.stdout.Write(append(r.Raw, '\n'))
		return code
	}
	if r.Error != nil {
		fmt.Fprintf(s.stderr, "error: %v\n", r.Error)
		return code
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, r.Return, "", "  "); err != nil {
		buf.Reset()
		buf.Write(r.Return)
	}
	buf.WriteByte('\n')
	s.stdout.Write(buf.Bytes())
	return code
}

func (s *session) ioFailure(err error) int {
	if client.IsTimeout(err) {
		fmt.Fprintf(s.stderr, "qga: timeout after %v: %v\n", s.o.timeout, err)
	} else {
		fmt.Fprintf(s.stderr, "qga: %v\n", err)
	}
	return exitIO
}

// do calls cmd and decodes its return value into out; an error reply is
// printed and answered with exitReply, an I/O error with exitIO.
func (s *session) do(cmd string, args, out any) int {
	r, err := s.c.Call(cmd, args)
	if err != nil {
		return s.ioFailure(err)
	}
	if r.Error != nil {
		fmt.Fprintf(s.stderr, "error: %s: %v\n", cmd, r.Error)
		return exitReply
	}
	if out == nil {
		return exitOK
	}
	if err := json.Unmarshal(r.Return, out); err != nil {
		fmt.Fprintf(s.stderr, "qga: %s: unexpected reply: %v\n", cmd, err)
		return exitIO
	}
	return exitOK
}

// isTerminal reports whether w is a terminal (for progress output).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
