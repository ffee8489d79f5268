package files

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
)

// FirstHandle is the first handle a fresh agent gives out, as qemu-ga.
const FirstHandle = 1000

// The state file is a GLib keyfile, as qemu-ga writes it:
//
//	[global]
//	fd_counter=1001
//
// where fd_counter is the next handle to give out.
const (
	stateGroup = "global"
	stateKey   = "fd_counter"
)

// parseState returns the next handle recorded in a qga.state keyfile:
// FirstHandle when the key is absent (qemu-ga's default), an error when
// its value is not a non-negative 64-bit integer. GLib's rules: '#'
// starts a comment line, whitespace around keys and values is ignored, a
// later duplicate key wins.
func parseState(data []byte) (int64, error) {
	next := int64(FirstHandle)
	group := ""
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		switch {
		case len(line) == 0 || line[0] == '#':
		case line[0] == '[':
			if line[len(line)-1] != ']' {
				return 0, fmt.Errorf("line %d: bad group header %q", n+1, line)
			}
			group = string(line[1 : len(line)-1])
		default:
			k, v, ok := bytes.Cut(line, []byte("="))
			if !ok {
				return 0, fmt.Errorf("line %d: %q is not key=value", n+1, line)
			}
			if group != stateGroup || string(bytes.TrimSpace(k)) != stateKey {
				continue
			}
			val, err := strconv.ParseInt(string(bytes.TrimSpace(v)), 10, 64)
			if err != nil || val < 0 {
				return 0, fmt.Errorf("line %d: %s=%q is not a handle number", n+1, stateKey, v)
			}
			next = val
		}
	}
	return next, nil
}

// formatState renders the keyfile recording next.
func formatState(next int64) []byte {
	return fmt.Appendf(nil, "[%s]\n%s=%d\n", stateGroup, stateKey, next)
}

// lastHandle is the largest handle we give out: its successor must still
// be a valid counter.
const lastHandle = math.MaxInt64 - 1
