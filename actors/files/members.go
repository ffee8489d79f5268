package files

import (
	"bytes"
	"encoding/json"
	"errors"
)

var errNotObject = errors.New("arguments are not a JSON object")

// objectMembers returns the raw value of each top-level member of obj, a
// JSON object command.Validate has accepted, without decoding the values:
// they are sub-slices of obj. It exists for guest-file-write, whose
// buf-b64 may be 64 MiB: encoding/json would scan it twice more and copy
// it, where this finds the end of a string with bytes.IndexByte. A later
// duplicate key wins, as with encoding/json.
func objectMembers(obj []byte) (map[string][]byte, error) {
	m := map[string][]byte{}
	i := skipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return nil, errNotObject
	}
	i = skipSpace(obj, i+1)
	if i < len(obj) && obj[i] == '}' {
		return m, nil
	}
	for i < len(obj) {
		kEnd, err := skipValue(obj, i)
		if err != nil || obj[i] != '"' {
			return nil, errNotObject
		}
		key, err := unquote(obj[i:kEnd])
		if err != nil {
			return nil, err
		}
		i = skipSpace(obj, kEnd)
		if i >= len(obj) || obj[i] != ':' {
			return nil, errNotObject
		}
		vStart := skipSpace(obj, i+1)
		vEnd, err := skipValue(obj, vStart)
		if err != nil {
			return nil, err
		}
		m[key] = obj[vStart:vEnd:vEnd]
		i = skipSpace(obj, vEnd)
		if i < len(obj) && obj[i] == '}' {
			return m, nil
		}
		if i >= len(obj) || obj[i] != ',' {
			return nil, errNotObject
		}
		i = skipSpace(obj, i+1)
	}
	return nil, errNotObject
}

// unquote decodes a key; only keys with escapes or non-ASCII bytes (which
// encoding/json may replace with U+FFFD) need encoding/json.
func unquote(lit []byte) (string, error) {
	if !bytes.ContainsFunc(lit, func(r rune) bool { return r == '\\' || r >= 0x80 }) {
		return string(lit[1 : len(lit)-1]), nil
	}
	var s string
	err := json.Unmarshal(lit, &s)
	return s, err
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipValue returns the index just after the JSON value starting at i.
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errNotObject
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		return skipNested(b, i)
	}
	j := i
	for j < len(b) && bytes.IndexByte([]byte(",}] \t\r\n"), b[j]) < 0 {
		j++
	}
	if j == i {
		return 0, errNotObject
	}
	return j, nil
}

// skipString finds the closing quote: the first '"' not escaped by an odd
// run of backslashes.
func skipString(b []byte, i int) (int, error) {
	for j := i + 1; ; {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			return 0, errNotObject
		}
		q := j + k
		n := 0
		for p := q - 1; p > i && b[p] == '\\'; p-- {
			n++
		}
		if n%2 == 0 {
			return q + 1, nil
		}
		j = q + 1
	}
}

// skipNested skips an object or array, strings inside included.
func skipNested(b []byte, i int) (int, error) {
	depth := 0
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '"':
			end, err := skipString(b, j)
			if err != nil {
				return 0, err
			}
			j = end - 1
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return j + 1, nil
			}
		}
	}
	return 0, errNotObject
}
