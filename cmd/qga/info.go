package main

import (
	"fmt"
	"text/tabwriter"
)

type agentInfo struct {
	Version  string `json:"version"`
	Commands []struct {
		Name            string `json:"name"`
		Enabled         bool   `json:"enabled"`
		SuccessResponse bool   `json:"success-response"`
	} `json:"supported_commands"`
}

func (s *session) guestInfo() (*agentInfo, int) {
	if code := s.connect(); code != exitOK {
		return nil, code
	}
	defer s.c.Close()
	var in agentInfo
	return &in, s.do("guest-info", nil, &in)
}

// info prints the version and one row per command.
func (s *session) info() int {
	if !s.wantArgs(0, 0) {
		return exitUsage
	}
	in, code := s.guestInfo()
	if code != exitOK {
		return code
	}
	fmt.Fprintf(s.stdout, "version: %s\n", in.Version)
	w := tabwriter.NewWriter(s.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "COMMAND\tENABLED\tREPLIES")
	for _, c := range in.Commands {
		fmt.Fprintf(w, "%s\t%s\t%s\n", c.Name, yesNo(c.Enabled), yesNo(c.SuccessResponse))
	}
	w.Flush()
	return exitOK
}

// commands lists the enabled commands' names (shell completion uses it).
func (s *session) commands() int {
	if !s.wantArgs(0, 0) {
		return exitUsage
	}
	in, code := s.guestInfo()
	if code != exitOK {
		return code
	}
	for _, c := range in.Commands {
		if c.Enabled {
			fmt.Fprintln(s.stdout, c.Name)
		}
	}
	return exitOK
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
