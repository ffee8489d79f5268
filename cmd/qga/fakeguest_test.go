package main

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"sync"
	"testing"

	"github.com/goqga/goqga/client/clienttest"
)

// fakeGuest is an in-memory guest for the flows: files, one process, and
// the freeze state, behind the commands the flows use. A write stores at
// most maxWrite bytes per call, so callers must handle short writes.
type fakeGuest struct {
	mu       sync.Mutex
	files    map[string][]byte
	handles  map[int64]*fakeHandle
	next     int64
	maxWrite int
	frozen   bool
	exec     json.RawMessage // the last guest-exec's arguments
	statuses []map[string]any
}

type fakeHandle struct {
	path string
	pos  int
}

func startFakeGuest(t *testing.T) (*fakeGuest, *clienttest.Fake) {
	g := &fakeGuest{files: map[string][]byte{}, handles: map[int64]*fakeHandle{}, next: 1000, maxWrite: 1 << 30}
	f := clienttest.Start(t, func(w io.Writer, req clienttest.Request) error {
		g.mu.Lock()
		defer g.mu.Unlock()
		if h, ok := g.handlers()[req.Execute]; ok {
			v, errDesc := h(req.Arguments)
			if errDesc != "" {
				return clienttest.WriteError(w, req, "GenericError", errDesc)
			}
			return clienttest.WriteReturn(w, req, v)
		}
		return clienttest.Default(w, req)
	})
	return g, f
}

type fakeHandler func(args json.RawMessage) (any, string)

func (g *fakeGuest) handlers() map[string]fakeHandler {
	return map[string]fakeHandler{
		"guest-file-open":            g.open,
		"guest-file-read":            g.read,
		"guest-file-write":           g.write,
		"guest-file-seek":            g.seek,
		"guest-file-close":           g.close,
		"guest-fsfreeze-freeze":      func(json.RawMessage) (any, string) { g.frozen = true; return 2, "" },
		"guest-fsfreeze-freeze-list": func(json.RawMessage) (any, string) { g.frozen = true; return 1, "" },
		"guest-fsfreeze-thaw":        func(json.RawMessage) (any, string) { g.frozen = false; return 2, "" },
		"guest-fsfreeze-status": func(json.RawMessage) (any, string) {
			if g.frozen {
				return "frozen", ""
			}
			return "thawed", ""
		},
		"guest-exec": func(a json.RawMessage) (any, string) {
			g.exec = append(json.RawMessage(nil), a...)
			return map[string]int{"pid": 4242}, ""
		},
		"guest-exec-status": func(json.RawMessage) (any, string) {
			if len(g.statuses) == 0 {
				return nil, "Invalid parameter 'pid'"
			}
			st := g.statuses[0]
			g.statuses = g.statuses[1:]
			return st, ""
		},
	}
}

type fileArgs struct {
	Path   string `json:"path"`
	Mode   string `json:"mode"`
	Handle int64  `json:"handle"`
	Count  int    `json:"count"`
	Buf    string `json:"buf-b64"`
	Offset int    `json:"offset"`
	Whence string `json:"whence"`
}

func (g *fakeGuest) args(a json.RawMessage) (fileArgs, *fakeHandle) {
	var fa fileArgs
	json.Unmarshal(a, &fa)
	return fa, g.handles[fa.Handle]
}

func (g *fakeGuest) open(a json.RawMessage) (any, string) {
	fa, _ := g.args(a)
	if _, ok := g.files[fa.Path]; !ok && fa.Mode == "r" {
		return nil, "failed to open file '" + fa.Path + "' (mode: 'r'): No such file or directory"
	}
	if fa.Mode == "w" {
		g.files[fa.Path] = nil
	}
	g.next++
	g.handles[g.next] = &fakeHandle{path: fa.Path}
	return g.next, ""
}

func (g *fakeGuest) read(a json.RawMessage) (any, string) {
	fa, h := g.args(a)
	data := g.files[h.path][h.pos:]
	n := min(fa.Count, len(data))
	h.pos += n
	return map[string]any{"count": n, "buf-b64": base64.StdEncoding.EncodeToString(data[:n]), "eof": h.pos == len(g.files[h.path])}, ""
}

func (g *fakeGuest) write(a json.RawMessage) (any, string) {
	fa, h := g.args(a)
	b, _ := base64.StdEncoding.DecodeString(fa.Buf)
	b = b[:min(len(b), g.maxWrite)]
	g.files[h.path] = append(g.files[h.path], b...)
	return map[string]any{"count": len(b), "eof": false}, ""
}

func (g *fakeGuest) seek(a json.RawMessage) (any, string) {
	fa, h := g.args(a)
	h.pos = fa.Offset
	if fa.Whence == "end" {
		h.pos = len(g.files[h.path]) + fa.Offset
	}
	return map[string]any{"position": h.pos, "eof": false}, ""
}

func (g *fakeGuest) close(a json.RawMessage) (any, string) {
	fa, _ := g.args(a)
	delete(g.handles, fa.Handle)
	return struct{}{}, ""
}
