package main

import "fmt"

func (s *session) freeze() int {
	if code := s.connect(); code != exitOK {
		return code
	}
	defer s.c.Close()
	cmd, args := "guest-fsfreeze-freeze", any(nil)
	if len(s.o.rest) > 0 {
		cmd, args = "guest-fsfreeze-freeze-list", map[string]any{"mountpoints": s.o.rest}
	}
	var n int
	if code := s.do(cmd, args, &n); code != exitOK {
		return code
	}
	fmt.Fprintf(s.stdout, "frozen: %d filesystems\n", n)
	return exitOK
}

func (s *session) thaw() int {
	if !s.wantArgs(0, 0) {
		return exitUsage
	}
	if code := s.connect(); code != exitOK {
		return code
	}
	defer s.c.Close()
	var n int
	if code := s.do("guest-fsfreeze-thaw", nil, &n); code != exitOK {
		return code
	}
	fmt.Fprintf(s.stdout, "thawed: %d filesystems\n", n)
	return exitOK
}

func (s *session) freezeStatus() int {
	if !s.wantArgs(0, 0) {
		return exitUsage
	}
	if code := s.connect(); code != exitOK {
		return code
	}
	defer s.c.Close()
	var st string
	if code := s.do("guest-fsfreeze-status", nil, &st); code != exitOK {
		return code
	}
	fmt.Fprintln(s.stdout, st)
	return exitOK
}
