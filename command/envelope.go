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
	ID      json.RawMessage // nil when absent; compacted, echoed verbatim
}

// Decode parses one framed message. On failure it returns the error to
// send and the id to echo with it (nil for parse errors, which have none).
func Decode(msg []byte) (Envelope, *Error) {
	var members map[string]json.RawMessage
	if len(msg) == 0 || msg[0] != '{' {
		if !json.Valid(msg) {
			return Envelope{}, parseError(msg)
		}
		return Envelope{}, Errorf("QMP input must be a JSON object")
	}
	if err := json.Unmarshal(msg, &members); err != nil {
		return Envelope{}, parseError(msg)
	}
	var env Envelope
	if id, ok := members["id"]; ok {
		env.ID = compact(id)
	}
	return env, env.fill(members)
}

func (env *Envelope) fill(members map[string]json.RawMessage) *Error {
	for _, k := range sortedKeys(members) {
		switch k {
		case "id":
		case "execute":
			if err := json.Unmarshal(members[k], &env.Execute); err != nil {
				return Errorf("QMP input member 'execute' must be a string")
			}
		case "arguments":
			if a := bytes.TrimSpace(members[k]); len(a) == 0 || a[0] != '{' {
				return Errorf("QMP input member 'arguments' must be an object")
			}
			env.Args = members[k]
		default:
			return Errorf("QMP input member '%s' is unexpected", k)
		}
	}
	if _, ok := members["execute"]; !ok {
		return Errorf("QMP input lacks member 'execute'")
	}
	return nil
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// parseError words a syntax error the way qemu-ga's does: "JSON parse
// error, ..." followed by the decoder's detail.
func parseError(msg []byte) *Error {
	var v any
	err := json.Unmarshal(msg, &v)
	if err == nil {
		return Errorf("JSON parse error, expecting value")
	}
	return Errorf("JSON parse error, %v", err)
}

func compact(raw json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return raw
	}
	return b.Bytes()
}
