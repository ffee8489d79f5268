package clienttest

import (
	"encoding/json"
	"errors"
	"io"
)

// ErrHangUp is returned by handlers to close the connection.
var ErrHangUp = errors.New("clienttest: hang up")

// Default answers guest-sync, guest-sync-delimited (0xFF-prefixed),
// guest-ping and guest-info; anything else gets CommandNotFound.
func Default(w io.Writer, req Request) error {
	switch req.Execute {
	case "guest-sync":
		return WriteReturn(w, req, syncID(req))
	case "guest-sync-delimited":
		if _, err := w.Write([]byte{0xFF}); err != nil {
			return err
		}
		return WriteReturn(w, req, syncID(req))
	case "guest-ping":
		return WriteReturn(w, req, struct{}{})
	case "guest-info":
		return WriteReturn(w, req, map[string]any{"version": "fake", "supported_commands": []any{}})
	}
	return WriteError(w, req, "CommandNotFound", "The command "+req.Execute+" has not been found")
}

// Mux dispatches to m by command name, falling back to Default.
func Mux(m map[string]Handler) Handler {
	return func(w io.Writer, req Request) error {
		if h, ok := m[req.Execute]; ok {
			return h(w, req)
		}
		return Default(w, req)
	}
}

// WriteReturn writes {"return":v} (plus the request's id) and '\n'.
func WriteReturn(w io.Writer, req Request, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return writeReply(w, req, "return", b)
}

// WriteError writes {"error":{"class":class,"desc":desc}} (plus the id).
func WriteError(w io.Writer, req Request, class, desc string) error {
	b, err := json.Marshal(map[string]string{"class": class, "desc": desc})
	if err != nil {
		return err
	}
	return writeReply(w, req, "error", b)
}

func writeReply(w io.Writer, req Request, key string, val []byte) error {
	out := append([]byte(`{"`+key+`":`), val...)
	if req.ID != nil {
		out = append(append(out, `,"id":`...), req.ID...)
	}
	_, err := w.Write(append(out, "}\n"...))
	return err
}

func syncID(req Request) json.RawMessage {
	var a struct {
		ID json.RawMessage `json:"id"`
	}
	json.Unmarshal(req.Arguments, &a)
	return a.ID
}
