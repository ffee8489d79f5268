package command

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestDecode(t *testing.T) {
	cases := []struct{ msg, exec, args, id, err string }{
		{`{"execute":"guest-ping"}`, "guest-ping", "", "", ""},
		{`{"execute":"guest-sync","arguments":{"id":1},"id":"a"}`, "guest-sync", `{"id":1}`, `"a"`, ""},
		{`{"execute":"x","id":{ "k" : [1, 2] }}`, "x", "", `{"k":[1,2]}`, ""},
		{`[1]`, "", "", "", "QMP input must be a JSON object"},
		{`"s"`, "", "", "", "QMP input must be a JSON object"},
		{`{"execute":1}`, "", "", "", "QMP input member 'execute' must be a string"},
		{`{"arguments":{}}`, "", "", "", "QMP input lacks member 'execute'"},
		{`{"execute":"x","arguments":[]}`, "", "", "", "QMP input member 'arguments' must be an object"},
		{`{"execute":"x","exec-oob":"y"}`, "", "", "", "QMP input member 'exec-oob' is unexpected"},
		{`{"execute":"x","id":7,"foo":1}`, "", "", "7", "QMP input member 'foo' is unexpected"},
	}
	for _, c := range cases {
		env, err := Decode([]byte(c.msg))
		gotErr := ""
		if err != nil {
			gotErr = err.Desc
		}
		if gotErr != c.err || string(env.ID) != c.id {
			t.Errorf("Decode(%s): err %q id %s, want %q id %s", c.msg, gotErr, env.ID, c.err, c.id)
		}
		if c.err == "" && (env.Execute != c.exec || string(env.Args) != c.args) {
			t.Errorf("Decode(%s) = %+v", c.msg, env)
		}
	}
}

func TestDecodeParseError(t *testing.T) {
	_, err := Decode([]byte(`{"execute" "x"}`))
	if err == nil || err.Desc[:17] != "JSON parse error," {
		t.Fatalf("got %v", err)
	}
}

func TestReplyLines(t *testing.T) {
	sync := &Spec{Name: "guest-sync-delimited", Delimited: true}
	cases := []struct {
		rep  *Reply
		want string
	}{
		{(&Request{}).Return(struct{}{}), "{\"return\":{}}\n"},
		{(&Request{ID: []byte(`"x"`)}).Return(5), "{\"return\":5,\"id\":\"x\"}\n"},
		{(&Request{Spec: sync}).Return(5), "\xff{\"return\":5}\n"},
		{(&Request{Spec: sync, ID: []byte(`1`)}).Fail(NotFound("n")),
			"{\"error\":{\"class\":\"CommandNotFound\",\"desc\":\"The command n has not been found\"},\"id\":1}\n"},
		{(&Request{}).Return("<a&b\xff>"), "{\"return\":\"<a&b\\ufffd>\"}\n"},
	}
	for _, c := range cases {
		if string(c.rep.Line) != c.want {
			t.Errorf("got %q want %q", c.rep.Line, c.want)
		}
	}
}

// FuzzDecode: any message decodes or fails without panicking, and an
// error reply is always exactly one line without a 0xFF byte.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"execute":"guest-sync","arguments":{"id":1},"id":"a"}`))
	f.Add([]byte(`{"execute":1,"id":{"x":[1,2]}}`))
	f.Add([]byte(`[1]`))
	f.Add([]byte(`{"execute":"guest-ping"} x`))
	f.Fuzz(func(t *testing.T, msg []byte) {
		env, err := Decode(msg)
		if err == nil {
			if !json.Valid(msg) {
				t.Fatalf("Decode accepted %q, which is not JSON", msg)
			}
			return
		}
		line := ErrorLine(err, env.ID)
		if bytes.IndexByte(line, '\n') != len(line)-1 || bytes.IndexByte(line, 0xFF) >= 0 {
			t.Fatalf("bad error line %q for %q", line, msg)
		}
	})
}
