// Package jsonoracle tells whether a text is the JSON qemu-ga accepts,
// independently of the agent's own scanner (package command), for fuzz
// tests to check it against: valid JSON (encoding/json), valid UTF-8, no
// \u escape of a lone surrogate, no object naming a member twice.
//
// Invariant: Strict(b) implies json.Valid(b) and utf8.Valid(b); it is
// built on encoding/json's tokenizer and shares no code with the scanner
// it checks.
package jsonoracle

import (
	"bytes"
	"encoding/json"
	"unicode/utf16"
	"unicode/utf8"
)

// Strict reports whether b is one JSON value qemu-ga would parse.
func Strict(b []byte) bool {
	if !json.Valid(b) || !utf8.Valid(b) {
		return false
	}
	return Duplicate(b) == "" && !loneSurrogate(b)
}

// Duplicate returns a member name some object of the valid JSON text b
// repeats, or "" when there is none.
func Duplicate(b []byte) string {
	dec := json.NewDecoder(bytes.NewReader(b))
	type level struct {
		keys    map[string]bool // nil for an array
		wantKey bool
	}
	var stack []*level
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if n := len(stack); n > 0 && stack[n-1].keys != nil {
			top := stack[n-1]
			if k, ok := tok.(string); ok && top.wantKey {
				if top.keys[k] {
					return k
				}
				top.keys[k], top.wantKey = true, false
				continue
			}
			top.wantKey = true // a value, or the end of the object
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &level{keys: map[string]bool{}, wantKey: true})
		case json.Delim('['):
			stack = append(stack, &level{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
	}
}

// loneSurrogate reports whether a string of the valid JSON text b has a
// \u escape of a surrogate that is not half of a high-low pair.
func loneSurrogate(b []byte) bool {
	inString := false
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '"':
			inString = !inString
		case !inString || b[i] != '\\':
		case b[i+1] != 'u':
			i++ // a one-character escape
		default:
			r := hex(b[i+2 : i+6])
			i += 5
			if !utf16.IsSurrogate(r) {
				continue
			}
			if r >= 0xDC00 || i+6 >= len(b) || b[i+1] != '\\' || b[i+2] != 'u' {
				return true
			}
			if lo := hex(b[i+3 : i+7]); lo < 0xDC00 || lo > 0xDFFF {
				return true
			}
			i += 6
		}
	}
	return false
}

func hex(d []byte) rune {
	var r rune
	for _, c := range d {
		switch {
		case c >= 'a':
			c -= 'a' - 10
		case c >= 'A':
			c -= 'A' - 10
		default:
			c -= '0'
		}
		r = r<<4 | rune(c)
	}
	return r
}
