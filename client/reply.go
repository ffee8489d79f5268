package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Reply is one reply line from the agent.
type Reply struct {
	Return    json.RawMessage // nil unless the line had "return"
	Error     *Error          // nil unless the line had "error"
	ID        json.RawMessage // the echoed "id", nil if none
	Raw       []byte          // the line without a leading 0xFF and the '\n'
	Delimited bool            // the line started with 0xFF
}

// Error is a protocol error reply.
type Error struct {
	Class string `json:"class"`
	Desc  string `json:"desc"`
}

func (e *Error) Error() string { return e.Class + ": " + e.Desc }

// Err returns the reply's protocol error, or nil.
func (r *Reply) Err() error {
	if r.Error != nil {
		return r.Error
	}
	return nil
}

// Decode unmarshals Return into v, or returns the protocol error.
func (r *Reply) Decode(v any) error {
	if r.Error != nil {
		return r.Error
	}
	return json.Unmarshal(r.Return, v)
}

// LineError reports a reply line that is not a JSON object carrying
// "return" or "error".
type LineError struct {
	Line []byte
	Err  error
}

func (e *LineError) Error() string {
	const max = 200
	l := e.Line
	if len(l) > max {
		l = l[:max]
	}
	return fmt.Sprintf("client: bad reply line %q: %v", l, e.Err)
}

func (e *LineError) Unwrap() error { return e.Err }

var errNoMember = errors.New(`neither "return" nor "error"`)

// parseReply parses line (with its '\n', possibly 0xFF-prefixed), copying
// it once into Reply.Raw; Return and ID are sub-slices of Raw.
func parseReply(line []byte) (*Reply, error) {
	return parseReplyOwned(bytes.Clone(line)) // unlike make+append, does not zero first
}

// parseReplyOwned is parseReply for a line the reply may keep.
func parseReplyOwned(line []byte) (*Reply, error) {
	raw := bytes.TrimSuffix(line, []byte{'\n'})
	r := &Reply{Delimited: len(raw) > 0 && raw[0] == 0xFF}
	if r.Delimited {
		raw = raw[1:]
	}
	r.Raw = raw
	var errVal []byte
	err := scanObject(r.Raw, func(m member) {
		v := r.Raw[m.start:m.end:m.end]
		switch string(m.key) {
		case "return":
			r.Return = v
		case "error":
			errVal = v
		case "id":
			r.ID = v
		}
	})
	if err == nil && errVal != nil {
		err = json.Unmarshal(errVal, &r.Error)
	}
	if err == nil && r.Return == nil && r.Error == nil {
		err = errNoMember
	}
	if err != nil {
		return nil, &LineError{Line: r.Raw, Err: err}
	}
	return r, nil
}
