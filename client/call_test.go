package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/client/clienttest"
)

func TestCallErrorReply(t *testing.T) {
	c, _, _ := pipeClient(t, nil)
	r, err := c.Call("guest-nope", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Error{Class: "CommandNotFound", Desc: "The command guest-nope has not been found"}
	if r.Error == nil || *r.Error != want || r.Return != nil {
		t.Fatalf("reply = %+v", r)
	}
	if got := r.Err().Error(); got != "CommandNotFound: The command guest-nope has not been found" {
		t.Fatalf("Error() = %q", got)
	}
	var pe *Error
	if err := c.Do("guest-nope", nil, nil); !errors.As(err, &pe) {
		t.Fatalf("Do = %v", err)
	}
}

func TestCallArguments(t *testing.T) {
	c, f, rc := pipeClient(t, nil)
	if _, err := c.Call("guest-ping", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Call("guest-ping", map[string]any{"a": "<&>"}); err != nil {
		t.Fatal(err)
	}
	w := rc.Writes()
	if string(w[0]) != `{"execute":"guest-ping"}`+"\n" || string(w[1]) != `{"execute":"guest-ping","arguments":{"a":"<&>"}}`+"\n" {
		t.Fatalf("writes = %q", w)
	}
	if r := f.Requests(); r[1].Execute != "guest-ping" {
		t.Fatalf("requests = %+v", r)
	}
}

func TestDo(t *testing.T) {
	c, _, _ := pipeClient(t, nil)
	var info struct{ Version string }
	if err := c.Do("guest-info", nil, &info); err != nil || info.Version != "fake" {
		t.Fatalf("Do = %v, %+v", err, info)
	}
	if err := c.Do("guest-ping", nil, nil); err != nil {
		t.Fatal(err)
	}
}

func TestIDEcho(t *testing.T) {
	c, _, _ := pipeClient(t, nil)
	for _, id := range []string{`"abc"`, `42`, `{"k":[1,2]}`} {
		// No newline, split over two writes: the fake frames by JSON.
		req := `{"execute":"guest-ping","id":` + id + `}`
		if err := c.WriteRaw([]byte(req[:10])); err != nil {
			t.Fatal(err)
		}
		if err := c.WriteRaw([]byte(req[10:])); err != nil {
			t.Fatal(err)
		}
		r, err := c.ReadReply()
		if err != nil || string(r.ID) != id || string(r.Return) != "{}" {
			t.Fatalf("id %s: reply %+v, %v", id, r, err)
		}
	}
	r, err := c.Call("guest-ping", nil)
	if err != nil || r.ID != nil {
		t.Fatalf("no id sent: reply %+v, %v", r, err)
	}
}

func TestLongLine(t *testing.T) {
	big := strings.Repeat("A", 20<<20)
	h := clienttest.Mux(map[string]clienttest.Handler{
		"guest-big": func(w io.Writer, req clienttest.Request) error {
			return writeAll(w, `{"return": "`, big, "\"}\n")
		},
	})
	f := clienttest.Start(t, h)
	c, err := Dial("unix", f.Path, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for range 2 {
		r, err := c.Call("guest-big", nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Return) != len(big)+2 || r.Return[1] != 'A' {
			t.Fatalf("return length %d", len(r.Return))
		}
	}
	assertPing(t, c)
}

func TestCallTimeout(t *testing.T) {
	silent := func(io.Writer, clienttest.Request) error { return nil }
	c, _, _ := pipeClient(t, silent)
	c.SetTimeout(50 * time.Millisecond)
	if _, err := c.Call("guest-ping", nil); !IsTimeout(err) {
		t.Fatalf("Call = %v, want timeout", err)
	}
	if _, err := c.ReadReply(); !IsTimeout(err) {
		t.Fatalf("ReadReply = %v, want timeout", err)
	}
}

func TestCallNoReply(t *testing.T) {
	silent := func(io.Writer, clienttest.Request) error { return nil }
	hangup := func(io.Writer, clienttest.Request) error { return clienttest.ErrHangUp }
	c, _, _ := pipeClient(t, clienttest.Mux(map[string]clienttest.Handler{
		"guest-shutdown":    silent,
		"guest-suspend-ram": hangup,
	}))
	start := time.Now()
	if r, err := c.CallNoReply("guest-shutdown", nil, 100*time.Millisecond); r != nil || err != nil {
		t.Fatalf("silent: %+v, %v", r, err)
	}
	if d := time.Since(start); d < 100*time.Millisecond || d > 2*time.Second {
		t.Fatalf("waited %v", d)
	}
	r, err := c.CallNoReply("guest-suspend-disk", nil, time.Second)
	if err != nil || r == nil || r.Error == nil {
		t.Fatalf("error reply: %+v, %v", r, err)
	}
	if r, err := c.CallNoReply("guest-suspend-ram", nil, time.Second); r != nil || err != nil {
		t.Fatalf("EOF: %+v, %v", r, err)
	}
}

func TestBadLines(t *testing.T) {
	lines := []string{"not json\n", "\n", "{}\n", "[1]\n", `{"return":1} x` + "\n", `{"error":"x"}` + "\n"}
	i := 0
	h := clienttest.Mux(map[string]clienttest.Handler{
		"guest-bad": func(w io.Writer, _ clienttest.Request) error {
			i++
			return writeAll(w, lines[i-1])
		},
	})
	c, _, _ := pipeClient(t, h)
	for _, l := range lines {
		_, err := c.Call("guest-bad", nil)
		var le *LineError
		if !errors.As(err, &le) || !bytes.Equal(le.Line, []byte(strings.TrimSuffix(l, "\n"))) {
			t.Fatalf("line %q: err %v", l, err)
		}
	}
	assertPing(t, c)
}

func TestReplyStable(t *testing.T) {
	c, _, _ := pipeClient(t, nil)
	var replies []*Reply
	for range 3 {
		r, err := c.Call("guest-info", nil)
		if err != nil {
			t.Fatal(err)
		}
		replies = append(replies, r)
	}
	for _, r := range replies {
		var v map[string]any
		if err := json.Unmarshal(r.Return, &v); err != nil || v["version"] != "fake" {
			t.Fatalf("reply changed: %s", r.Raw)
		}
	}
}
