package client

import (
	"bytes"
	"errors"
	"fmt"
)

// A small strict JSON scanner: it validates a reply line in one pass and
// locates its top-level members without decoding them. encoding/json
// scans a line two or three times at ~150 MB/s, which would dominate
// benchmarks of 48 MiB guest-file-read replies. FuzzScan checks that it
// accepts exactly what json.Valid accepts.

const maxDepth = 10000 // encoding/json's nesting limit

var errNotObject = errors.New("not a JSON object")

type syntaxError struct {
	msg string
	off int
}

func (e *syntaxError) Error() string { return fmt.Sprintf("%s at offset %d", e.msg, e.off) }

func errAt(d []byte, i int) error {
	if i >= len(d) {
		return &syntaxError{"unexpected end of JSON input", i}
	}
	return &syntaxError{fmt.Sprintf("invalid character %q", d[i]), i}
}

// member is the value span d[start:end] of a top-level key.
type member struct {
	key        []byte
	start, end int
}

// scanObject validates d as one JSON object (surrounding whitespace
// allowed) and calls f for each top-level member.
func scanObject(d []byte, f func(member)) error {
	i := skipWS(d, 0)
	if i >= len(d) || d[i] != '{' {
		if err := scanValue(d); err != nil {
			return err
		}
		return errNotObject
	}
	end, err := skipObject(d, i, 1, f)
	if err != nil {
		return err
	}
	if end = skipWS(d, end); end != len(d) {
		return errAt(d, end)
	}
	return nil
}

// scanValue validates d as one JSON value with surrounding whitespace.
func scanValue(d []byte) error {
	end, err := skipValue(d, 0, 0)
	if err != nil {
		return err
	}
	if end = skipWS(d, end); end != len(d) {
		return errAt(d, end)
	}
	return nil
}

func skipWS(d []byte, i int) int {
	for i < len(d) && (d[i] == ' ' || d[i] == '\n' || d[i] == '\t' || d[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the end of the value starting at or after d[i].
func skipValue(d []byte, i, depth int) (int, error) {
	i = skipWS(d, i)
	if i >= len(d) {
		return i, errAt(d, i)
	}
	switch c := d[i]; {
	case c == '{':
		return skipObject(d, i, depth+1, nil)
	case c == '[':
		return skipArray(d, i, depth+1)
	case c == '"':
		return skipString(d, i)
	case c == '-' || isDigit(c):
		return skipNumber(d, i)
	}
	for _, lit := range [...]string{"true", "false", "null"} {
		if bytes.HasPrefix(d[i:], []byte(lit)) {
			return i + len(lit), nil
		}
	}
	return i, errAt(d, i)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
