package files

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestObjectMembers(t *testing.T) {
	cases := []struct {
		in   string
		want map[string]string
	}{
		{`{}`, map[string]string{}},
		{` { } `, map[string]string{}},
		{`{"handle":1000,"buf-b64":"YQ==","count":1}`, map[string]string{"handle": "1000", "buf-b64": `"YQ=="`, "count": "1"}},
		{"{ \"a\" :\t\"x\\\"y\\\\\" ,\n\"b\":[1,{\"c\":\"]}\"}],\"d\":null}",
			map[string]string{"a": `"x\"y\\"`, "b": `[1,{"c":"]}"}]`, "d": "null"}},
		{`{"buf\u002db64":"QQ==","a":1,"a":2}`, map[string]string{"buf-b64": `"QQ=="`, "a": "2"}},
	}
	for _, c := range cases {
		got, err := objectMembers([]byte(c.in))
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: %d members, want %d", c.in, len(got), len(c.want))
		}
		for k, v := range c.want {
			if string(got[k]) != v {
				t.Errorf("%s: %s = %s, want %s", c.in, k, got[k], v)
			}
		}
	}
	for _, bad := range []string{``, `[]`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":"x}`, `{"a":1 "b":2}`, `{1:2}`, `{"a":[1}`} {
		if _, err := objectMembers([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// FuzzObjectMembers checks objectMembers against encoding/json on every
// valid JSON object (the only input it gets, after command.Validate).
func FuzzObjectMembers(f *testing.F) {
	f.Add([]byte(`{"handle":1000,"buf-b64":"YQ==\n","count":1}`))
	f.Add([]byte(`{"a":{"b":["}",{"c":"\""}]},"d":-1.5e3}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := objectMembers(in)
		var want map[string]json.RawMessage
		if json.Unmarshal(in, &want) != nil || !json.Valid(in) {
			return
		}
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if len(got) != len(want) {
			t.Fatalf("%q: %d members, want %d", in, len(got), len(want))
		}
		for k, v := range want {
			if !bytes.Equal(got[k], v) {
				t.Fatalf("%q: %q = %q, want %q", in, k, got[k], v)
			}
		}
	})
}
