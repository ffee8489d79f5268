package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// maxArgsBytes bounds arguments read from a file or stdin: the agent
// refuses a message over 64 MiB (qemu-ga's limit) anyway.
const maxArgsBytes = 64 << 20

// commandArgs turns the command's one optional argument into a compact
// JSON object: the JSON itself, @FILE (read from the file) or - (read
// from stdin). Arguments from a file or stdin get around the kernel's
// limit on a command line (a 3 MB guest-file-write).
func commandArgs(rest []string, stdin io.Reader) (json.RawMessage, error) {
	switch {
	case len(rest) == 0:
		return nil, nil
	case len(rest) > 1:
		return nil, errors.New("expected COMMAND and one optional ARGS-JSON, @FILE or -")
	}
	src, err := argsSource(rest[0], stdin)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, src); err != nil {
		return nil, fmt.Errorf("ARGS-JSON: %v", err)
	}
	if buf.Len() == 0 || buf.Bytes()[0] != '{' {
		return nil, errors.New("ARGS-JSON must be a JSON object")
	}
	return buf.Bytes(), nil
}

func argsSource(s string, stdin io.Reader) ([]byte, error) {
	var r io.Reader
	switch {
	case s == "-":
		r = stdin
	case len(s) > 1 && s[0] == '@':
		f, err := os.Open(s[1:])
		if err != nil {
			return nil, fmt.Errorf("ARGS-JSON: %v", err)
		}
		defer f.Close()
		r = f
	default:
		return []byte(s), nil
	}
	b, err := io.ReadAll(io.LimitReader(r, maxArgsBytes+1))
	if err != nil {
		return nil, fmt.Errorf("ARGS-JSON: %v", err)
	}
	if len(b) > maxArgsBytes {
		return nil, fmt.Errorf("ARGS-JSON: more than %d bytes", maxArgsBytes)
	}
	return b, nil
}
