package command

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Request is one validated command on its way to the actor owning its
// domain. Gen and Seq place it in the channel's reply order: Gen changes
// with every host session, so a reply for an old session is dropped.
type Request struct {
	Gen, Seq uint64
	Spec     *Spec
	Args     json.RawMessage // validated against Spec; nil when absent
	ID       json.RawMessage // nil when the request had none
	// ArgMembers is Args already split (Envelope.ArgMembers), or nil.
	ArgMembers *Members
	// Raw is the whole framed message; Args and ID are slices of it. A
	// Logic that is done with every byte of it may hand it back with its
	// Reply (Recycle).
	Raw []byte
}

// Reply is a finished answer: Line is exactly what goes on the wire.
// None marks a command that answers nothing (successful shutdown), so
// the channel can move on to the next reply in order.
type Reply struct {
	Gen, Seq uint64
	Line     []byte
	None     bool
	// Recycle hands the request's Raw back to the channel, whose framer
	// may assemble a later message in it (a run of 4 MiB writes then
	// reuses one buffer instead of zeroing a fresh 7 MB each). Set it only
	// when nothing holds a slice of those bytes any more: not the Logic,
	// not an Op still running, not Line.
	Recycle []byte
	// Written, when set, is called once Line has been written to the
	// host or dropped (its session gone, the write failed): from then on
	// the Logic may reuse Line's bytes. It runs on the channel's
	// goroutines and must not block.
	Written func()
}

// Release calls r.Written, if any: the channel is done with r.Line.
func (r *Reply) Release() {
	if r.Written != nil {
		r.Written()
	}
}

// Return encodes a success reply carrying v.
func (r *Request) Return(v any) *Reply {
	raw, err := marshal(v)
	if err != nil {
		return r.Fail(Errorf("internal error encoding reply: %v", err))
	}
	return r.ReturnRaw(raw)
}

// ReturnRaw encodes a success reply around an already encoded value.
func (r *Request) ReturnRaw(raw []byte) *Reply {
	var b bytes.Buffer
	b.Grow(len(raw) + len(r.ID) + 24)
	if r.Spec != nil && r.Spec.Delimited {
		b.WriteByte(0xFF)
	}
	b.WriteString(`{"return":`)
	b.Write(raw)
	return r.finish(&b)
}

// Fail encodes an error reply. Errors that are not *Error become
// GenericError with the error's text.
func (r *Request) Fail(err error) *Reply {
	var b bytes.Buffer
	b.WriteString(`{"error":`)
	raw, _ := marshal(AsError(err))
	b.Write(raw)
	return r.finish(&b)
}

// NoReply marks a successful command that answers nothing.
func (r *Request) NoReply() *Reply { return &Reply{Gen: r.Gen, Seq: r.Seq, None: true} }

func (r *Request) finish(b *bytes.Buffer) *Reply {
	if r.ID != nil {
		b.WriteString(`,"id":`)
		b.Write(r.ID)
	}
	b.WriteString("}\n")
	return &Reply{Gen: r.Gen, Seq: r.Seq, Line: b.Bytes()}
}

// ErrorLine encodes an error reply that belongs to no request (a framing
// or parse error), with id when the message had one.
func ErrorLine(e *Error, id json.RawMessage) []byte {
	r := Request{ID: id}
	return r.Fail(e).Line
}

// AsError converts any error into a protocol error.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Errorf("%s", err.Error())
}

// marshal encodes without HTML escaping: the output is for programs, and
// qemu-ga does not escape <, > and &.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Message is one framed message from the channel, not yet decoded. Gen
// and Seq are its place in the reply order.
type Message struct {
	Gen, Seq uint64
	Raw      []byte
}
