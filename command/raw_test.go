package command

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzScannerAgreesWithEncodingJSON: the raw scanner accepts exactly the
// texts encoding/json accepts, so validating without decoding changes no
// verdict.
func FuzzScannerAgreesWithEncodingJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,-2.5e3,"x\u00e9\n",true,null,{}]}`, `[`, `"\x"`, `01`, `1.`, `-`,
		`{"a" 1}`, `{"a":1,}`, `[1 2]`, " \t{}\n", `"\ud800"`, "\"\xff\"", `{"a":1}x`,
		"\"" + strings.Repeat("A", 40) + "\xfe\x01" + strings.Repeat("B", 40) + "\"", "\"" + strings.Repeat("A", 40) + "\xff" + strings.Repeat("B", 40) + "\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ours := (&scanner{b: b}).whole() == nil
		if ours != json.Valid(b) {
			t.Fatalf("scanner says %v, encoding/json says %v, for %q", ours, !ours, b)
		}
	})
}

func TestMembersKeepLastDuplicate(t *testing.T) {
	ms, err := members([]byte(`{"a":1, "b" : [2], "a":"three"}`))
	if err != nil || len(ms) != 2 || string(find(ms, "a")) != `"three"` || string(find(ms, "b")) != `[2]` {
		t.Fatalf("%+v %v", ms, err)
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
