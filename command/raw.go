package command

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/goqga/goqga/jsonscan"
)

// raw.go walks JSON text without decoding it: requests can carry 64 MiB
// of base64 (guest-file-write), and checking their shape must not cost a
// decoded copy. The scanner validates the grammar; values stay slices of
// the request's own bytes.

type member struct {
	name string
	val  []byte
}

// scanner reads one JSON text in b.
type scanner struct {
	b []byte
	i int
	// split, when set, has the members of the outermost object's
	// "arguments" (when an object) collected into args as it is scanned.
	split bool
	args  *Members
}

type syntaxError struct{ msg string }

func (e *syntaxError) Error() string { return e.msg }

func (s *scanner) fail(format string, args ...any) error {
	return &syntaxError{fmt.Sprintf(format, args...)}
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// whole checks that b is exactly one JSON value.
func (s *scanner) whole() error {
	s.ws()
	if err := s.value(nil, nil); err != nil {
		return err
	}
	s.ws()
	if s.i != len(s.b) {
		return s.fail("unexpected '%c' after the value", s.b[s.i])
	}
	return nil
}

// value skips one value. onMember and onElem, when set, see the members
// of an object or the elements of an array at this level.
func (s *scanner) value(onMember func(member) error, onElem func([]byte) error) error {
	if s.i >= len(s.b) {
		return s.fail("expecting value")
	}
	switch c := s.b[s.i]; {
	case c == '{':
		return s.object(onMember)
	case c == '[':
		return s.array(onElem)
	case c == '"':
		return s.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	default:
		return s.fail("expecting value")
	}
}

func (s *scanner) object(on func(member) error) error {
	s.i++
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
		return nil
	}
	var keys keySet
	for {
		s.ws()
		m, err := s.member()
		if err != nil {
			return err
		}
		if !keys.add(m.name) {
			// Which one would win is a guess the host should not have to
			// make ({"execute":"guest-ping","execute":"guest-shutdown"}).
			return s.fail("duplicate key")
		}
		if on != nil {
			if err := on(m); err != nil {
				return err
			}
		}
		s.ws()
		if s.i >= len(s.b) {
			return s.fail("expecting ',' or '}' in object")
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			return nil
		default:
			return s.fail("expecting ',' or '}' in object")
		}
	}
}

// keySet holds the member names of one object. Most objects have a few
// members, compared in place; a large one gets a map, so a host cannot
// make the check quadratic.
type keySet struct {
	few  [8]string
	n    int
	many map[string]struct{}
}

// add records name and reports whether it was new.
func (k *keySet) add(name string) bool {
	if k.many != nil {
		if _, dup := k.many[name]; dup {
			return false
		}
		k.many[name] = struct{}{}
		return true
	}
	for _, n := range k.few[:k.n] {
		if n == name {
			return false
		}
	}
	if k.n < len(k.few) {
		k.few[k.n] = name
		k.n++
		return true
	}
	k.many = make(map[string]struct{}, 2*len(k.few))
	for _, n := range k.few {
		k.many[n] = struct{}{}
	}
	k.many[name] = struct{}{}
	return true
}

func (s *scanner) member() (member, error) {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return member{}, s.fail("expecting a member name")
	}
	start := s.i
	if err := s.str(); err != nil {
		return member{}, err
	}
	name, err := unquote(s.b[start:s.i])
	if err != nil {
		return member{}, err
	}
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != ':' {
		return member{}, s.fail("missing ':' after member '%s'", name)
	}
	s.i++
	s.ws()
	vstart := s.i
	var on func(member) error
	split := s.split
	if split {
		s.split = false // nested objects are not the outermost one
		if name == "arguments" {
			s.args = &Members{}
			on = s.args.add
		}
	}
	err = s.value(on, nil)
	s.split = split
	if err != nil {
		return member{}, err
	}
	return member{name: name, val: s.b[vstart:s.i]}, nil
}

func (s *scanner) array(on func([]byte) error) error {
	s.i++
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
		return nil
	}
	for {
		s.ws()
		start := s.i
		if err := s.value(nil, nil); err != nil {
			return err
		}
		if on != nil {
			if err := on(s.b[start:s.i]); err != nil {
				return err
			}
		}
		s.ws()
		if s.i >= len(s.b) {
			return s.fail("expecting ',' or ']' in array")
		}
		switch s.b[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			return nil
		default:
			return s.fail("expecting ',' or ']' in array")
		}
	}
}

// str skips a string. Runs of plain bytes are skipped eight at a time:
// this is the hot path of a large guest-file-write, whose base64 holds
// nothing but plain bytes.
func (s *scanner) str() error {
	b := s.b
	i := s.i + 1
	for i < len(b) {
		i += jsonscan.PlainLen(b[i:])
		if i >= len(b) {
			break
		}
		switch c := b[i]; {
		case c == '"':
			s.i = i + 1
			return nil
		case c == '\\':
			n, err := escapeLen(b[i:])
			if err != nil {
				return s.fail("%v", err)
			}
			i += n
		case c < 0x20:
			return s.fail("invalid control character in string")
		default:
			// A UTF-8 sequence: a string that is not valid UTF-8 would be
			// decoded with U+FFFD in its place (another file name than the
			// one sent) and echoed raw in an id (a reply that is not JSON
			// text). qemu-ga refuses it with the same words.
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n <= 1 {
				return s.fail("invalid UTF-8 sequence in string")
			}
			i += n
		}
	}
	return s.fail("unterminated string")
}

var errEscape = errors.New("invalid escape sequence in string")

// escapeLen returns the length of the escape at b[0] == '\\'. A \u
// escape must name a Unicode character: a high surrogate only as the first
// of a pair, a low one only as the second (a lone one would decode to
// U+FFFD, as invalid UTF-8 would).
func escapeLen(b []byte) (int, error) {
	if len(b) < 2 {
		return 0, errEscape
	}
	switch b[1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, nil
	case 'u':
		r, ok := hex4(b)
		switch {
		case !ok:
			return 0, errEscape
		case utf16.IsSurrogate(r) && r < 0xDC00:
			if lo, ok := hex4(b[6:]); ok && lo >= 0xDC00 && lo <= 0xDFFF {
				return 12, nil
			}
			fallthrough
		case utf16.IsSurrogate(r):
			return 0, fmt.Errorf("%s is not a valid Unicode character", b[:6])
		}
		return 6, nil
	}
	return 0, errEscape
}

// hex4 decodes the \uXXXX escape at the start of b; false when b does not
// start with one.
func hex4(b []byte) (rune, bool) {
	if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
		return 0, false
	}
	var r rune
	for _, h := range b[2:6] {
		if !isHex(h) {
			return 0, false
		}
		r = r<<4 | rune(hexVal(h))
	}
	return r, true
}

func hexVal(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func (s *scanner) number() error {
	b, i := s.b, s.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(b, i)
	default:
		return s.fail("invalid number")
	}
	if i < len(b) && b[i] == '.' {
		if j := digits(b, i+1); j > i+1 {
			i = j
		} else {
			return s.fail("invalid number")
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return s.fail("invalid number")
		}
		i = j
	}
	s.i = i
	return nil
}

func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

func (s *scanner) literal(lit string) error {
	if len(s.b)-s.i < len(lit) || string(s.b[s.i:s.i+len(lit)]) != lit {
		return s.fail("invalid keyword")
	}
	s.i += len(lit)
	return nil
}

// unquote decodes a JSON string token; plain names need no decoder.
func unquote(tok []byte) (string, error) {
	plain := true
	for _, c := range tok[1 : len(tok)-1] {
		if c == '\\' || c >= 0x80 {
			plain = false
			break
		}
	}
	if plain {
		return intern(tok[1 : len(tok)-1]), nil
	}
	var s string
	err := json.Unmarshal(tok, &s)
	return s, err
}

// intern returns b as a string, without allocating for the member names
// nearly every request has (the switch compares without converting).
func intern(b []byte) string {
	switch string(b) {
	case "execute":
		return "execute"
	case "arguments":
		return "arguments"
	case "id":
		return "id"
	case "handle":
		return "handle"
	case "count":
		return "count"
	case "buf-b64":
		return "buf-b64"
	}
	return string(b)
}

// members returns an object's members (the scan refuses duplicates).
func members(obj []byte) ([]member, error) {
	ms, _, _, err := membersTo(obj, false)
	return ms, err
}

// membersTo is members, also returning the index just past the object;
// with split, also the members of its "arguments" (see scanner.split).
func membersTo(obj []byte, split bool) ([]member, *Members, int, error) {
	out := make([]member, 0, 4) // one allocation for a typical request
	s := &scanner{b: obj, split: split}
	s.ws()
	if s.i >= len(obj) || obj[s.i] != '{' {
		return nil, nil, 0, s.fail("expecting an object")
	}
	err := s.object(func(m member) error { out = append(out, m); return nil })
	return out, s.args, s.i, err
}

// elements returns an array's elements.
func elements(arr []byte) ([][]byte, error) {
	var out [][]byte
	s := &scanner{b: arr}
	s.ws()
	err := s.array(func(e []byte) error { out = append(out, e); return nil })
	return out, err
}
