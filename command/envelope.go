package command

import (
	"bytes"
	"encoding/json"
	"slices"
)

// Envelope is one request split into its members.
type Envelope struct {
	Execute string
	Args    json.RawMessage // nil when absent
	// ArgMembers is Args split into members, for ValidateSplit; nil when
	// Args is absent or not an object.
	ArgMembers *Members
	ID         json.RawMessage // nil when absent; compacted, echoed verbatim
}

// Decode parses one framed message. On failure it returns the error to
// send and the id to echo with it (nil for parse errors, which have none).
// Values are not decoded: Args and ID are slices of msg.
func Decode(msg []byte) (Envelope, *Error) {
	s := &scanner{b: msg}
	s.ws()
	if s.i >= len(msg) || msg[s.i] != '{' {
		if err := (&scanner{b: msg}).whole(); err != nil {
			return Envelope{}, parseError(err)
		}
		return Envelope{}, Errorf("QMP input must be a JSON object")
	}
	ms, args, err := topMembers(msg)
	if err != nil {
		return Envelope{}, parseError(err)
	}
	env := Envelope{ArgMembers: args}
	if id := find(ms, "id"); id != nil {
		env.ID = compact(id)
	}
	return env, env.fill(ms)
}

// topMembers returns the members of the object that is all of msg, and
// the members of its "arguments" when that is an object, in one pass: the
// object's scan ends where only whitespace may follow, and the arguments
// are split while they are scanned, so Validate need not scan them again
// (a 4 MiB write's are 5.6 MB).
func topMembers(msg []byte) ([]member, *Members, error) {
	ms, args, end, err := membersTo(msg, true)
	if err != nil {
		return nil, nil, err
	}
	s := &scanner{b: msg, i: end}
	s.ws()
	if s.i != len(msg) {
		return nil, nil, s.fail("unexpected '%c' after the value", msg[s.i])
	}
	return ms, args, nil
}

// Members is an object already split into its members.
type Members struct{ ms []member }

func (a *Members) add(m member) error {
	a.ms = append(a.ms, m)
	return nil
}

// fill sets env from the envelope's members. A good envelope is taken in
// member order; only a bad one needs the walk in name order, which picks
// the fault qemu-ga reports first.
func (env *Envelope) fill(ms []member) *Error {
	for _, m := range ms {
		if env.take(m.name, m.val) != nil {
			return env.firstFault(ms)
		}
	}
	if find(ms, "execute") == nil {
		return Errorf("QMP input lacks member 'execute'")
	}
	return nil
}

// take sets the field member k stands for, or says what is wrong with it.
func (env *Envelope) take(k string, v []byte) *Error {
	switch k {
	case "id":
	case "execute":
		if v[0] != '"' {
			return Errorf("QMP input member 'execute' must be a string")
		}
		env.Execute, _ = unquote(v)
	case "arguments":
		if v[0] != '{' {
			return Errorf("QMP input member 'arguments' must be an object")
		}
		env.Args = v
	default:
		return Errorf("QMP input member '%s' is unexpected", k)
	}
	return nil
}

// firstFault is the fault of a bad envelope that qemu-ga reports: the
// first in member-name order.
func (env *Envelope) firstFault(ms []member) *Error {
	for _, k := range sortedNames(ms) {
		if err := env.take(k, find(ms, k)); err != nil {
			return err
		}
	}
	return nil
}

func find(ms []member, name string) []byte {
	for _, m := range ms {
		if m.name == name {
			return m.val
		}
	}
	return nil
}

func sortedNames(ms []member) []string {
	names := make([]string, 0, len(ms))
	for _, m := range ms {
		names = append(names, m.name)
	}
	slices.Sort(names)
	return names
}

// parseError words a syntax error the way qemu-ga's does: "JSON parse
// error, ..." followed by what was expected.
func parseError(err error) *Error {
	return Errorf("JSON parse error, %v", err)
}

// compact drops the whitespace of an id, so that the reply stays one line.
func compact(raw []byte) json.RawMessage {
	for _, c := range raw {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			var b bytes.Buffer
			if err := json.Compact(&b, raw); err != nil {
				return raw
			}
			return b.Bytes()
		}
	}
	return raw
}
