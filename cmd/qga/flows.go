package main

import (
	"fmt"
	"slices"
	"strings"
)

// flow is one of qga's commands for a common task: each is one call of
// qga for the operator, however many agent commands it takes.
type flow struct {
	args    string // synopsis of the flow's own arguments
	help    string
	offline bool // needs no agent (completion)
	run     func(s *session) int
}

// flowNames is flows' keys in the order usage lists them (a test keeps
// the two the same).
const flowNames = "get, put, exec, freeze, thaw, freeze-status, info, commands, completion"

var flows map[string]flow

func init() {
	flows = map[string]flow{
		"get":           {args: "GUEST-PATH [LOCAL-PATH|-]", help: "copy a file out of the guest (default: its base name here; - is stdout)", run: (*session).get},
		"put":           {args: "LOCAL-PATH|- GUEST-PATH", help: "copy a file into the guest (- is stdin); the guest file is created or truncated", run: (*session).put},
		"exec":          {args: "[--stdin] [--env K=V]... [--] PROGRAM [ARG...]", help: "run a program, print its output, exit with its status", run: (*session).exec},
		"freeze":        {args: "[MOUNTPOINT...]", help: "freeze the guest's filesystems (or only these)", run: (*session).freeze},
		"thaw":          {help: "thaw the guest's filesystems", run: (*session).thaw},
		"freeze-status": {help: "print thawed or frozen", run: (*session).freezeStatus},
		"info":          {help: "the agent's version and a table of its commands", run: (*session).info},
		"commands":      {help: "the names of the agent's enabled commands, one per line", run: (*session).commands},
		"completion":    {args: "bash|zsh", help: "print a shell completion script", offline: true, run: (*session).completion},
	}
}

// needsAgent reports whether name needs -s (every command and flow but
// the offline ones).
func needsAgent(name string) bool {
	f, ok := flows[name]
	return !ok || !f.offline
}

func flowUsage() string {
	var b strings.Builder
	for _, name := range strings.Split(flowNames, ", ") {
		f := flows[name]
		fmt.Fprintf(&b, "  %-14s %s\n  %-14s   %s\n", name, f.args, "", f.help)
	}
	return b.String()
}

// wantArgs checks a flow got between min and max arguments (max < 0: any).
func (s *session) wantArgs(min, max int) bool {
	n := len(s.o.rest)
	if n < min || max >= 0 && n > max {
		usage(s.stderr, fmt.Errorf("%s takes %s", s.o.cmd, strings.TrimSpace(flows[s.o.cmd].args+" (got "+fmt.Sprint(n)+" arguments)")))
		return false
	}
	return true
}

func sortedFlowNames() []string {
	var names []string
	for n := range flows {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
