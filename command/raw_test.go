package command

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/goqga/goqga/test/jsonoracle"
)

// FuzzScannerAgreesWithEncodingJSON: the raw scanner accepts exactly the
// texts encoding/json accepts, except those qemu-ga refuses too: invalid
// UTF-8, escapes of lone surrogates and duplicate member names (told by
// jsonoracle, which shares no code with the scanner). Validating without
// decoding changes no other verdict.
func FuzzScannerAgreesWithEncodingJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,-2.5e3,"x\u00e9\n",true,null,{}]}`, `[`, `"\x"`, `01`, `1.`, `-`,
		`{"a" 1}`, `{"a":1,}`, `[1 2]`, " \t{}\n", `"\ud800"`, "\"\xff\"", `{"a":1}x`, `{"a":1,"a":2}`,
		`[{"a":1,"\u0061":2}]`, `"\ud800\udc00"`, `"\udc00\ud800"`, "\"\xed\xa0\x80\"", "\"\xc3\xa9\"",
		"\"" + strings.Repeat("A", 40) + "\xfe\x01" + strings.Repeat("B", 40) + "\"", "\"" + strings.Repeat("A", 40) + "\xff" + strings.Repeat("B", 40) + "\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		err := (&scanner{b: b}).whole()
		if (err == nil) != jsonoracle.Strict(b) {
			t.Fatalf("scanner says %v; oracle: JSON %v, UTF-8 %v, strict %v, for %q",
				err, json.Valid(b), utf8.Valid(b), jsonoracle.Strict(b), b)
		}
	})
}

func TestRefusedLikeQemuGA(t *testing.T) {
	cases := []struct{ msg, err string }{
		{`{"execute":"guest-ping","execute":"guest-info"}`, "JSON parse error, duplicate key"},
		{`{"execute":"guest-ping","id":1,"id":2}`, "JSON parse error, duplicate key"},
		{`{"execute":"guest-sync","arguments":{"id":1,"id":2}}`, "JSON parse error, duplicate key"},
		{`{"execute":"guest-ping","id":[{"a":1,"\u0061":2}]}`, "JSON parse error, duplicate key"},
		{"{\"execute\":\"guest-ping\",\"id\":\"\xc3\x28\"}", "JSON parse error, invalid UTF-8 sequence in string"},
		{"{\"execute\":\"guest-ping\",\"id\":\"\xed\xa0\x80\"}", "JSON parse error, invalid UTF-8 sequence in string"},
		{"{\"execute\":\"guest-ping\xc3\x28\"}", "JSON parse error, invalid UTF-8 sequence in string"},
		{"{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"/tmp/\xff\"}}", "JSON parse error, invalid UTF-8 sequence in string"},
		{`{"execute":"guest-ping","id":"\ud800"}`, `JSON parse error, \ud800 is not a valid Unicode character`},
		{`{"execute":"guest-ping","id":"\udc00x"}`, `JSON parse error, \udc00 is not a valid Unicode character`},
		{`{"execute":"guest-ping","id":"\uD800\u0041"}`, `JSON parse error, \uD800 is not a valid Unicode character`},
		{`{"execute":"guest-file-open","arguments":{"path":"/tmp/\ud800"}}`, `JSON parse error, \ud800 is not a valid Unicode character`},
	}
	for _, c := range cases {
		env, err := Decode([]byte(c.msg))
		if err == nil || err.Class != ClassGeneric || err.Desc != c.err || env.ID != nil {
			t.Errorf("Decode(%q) = %v (id %s), want %q and no id", c.msg, err, env.ID, c.err)
		}
	}
	for _, ok := range []string{`{"execute":"guest-ping","id":"\ud800\udc00"}`, `{"execute":"guest-ping","id":"\u0000é\uFFFF"}`} {
		if _, err := Decode([]byte(ok)); err != nil {
			t.Errorf("Decode(%s): %v", ok, err)
		}
	}
}

func BenchmarkDecodeValidateLargeWrite(b *testing.B) {
	payload := make([]byte, 16<<20)
	for i := range payload {
		payload[i] = 'A' + byte(i%26)
	}
	msg := []byte(`{"execute":"guest-file-write","arguments":{"handle":1000,"buf-b64":"` + string(payload) + `"}}`)
	spec := &Spec{Name: "guest-file-write", Args: []Field{Arg("handle", TInt), Arg("buf-b64", TStr), Opt("count", TInt)}}
	b.SetBytes(int64(len(msg)))
	for i := 0; i < b.N; i++ {
		env, err := Decode(msg)
		if err != nil {
			b.Fatal(err)
		}
		if err := ValidateSplit(spec, env.Args, env.ArgMembers); err != nil {
			b.Fatal(err)
		}
	}
}
