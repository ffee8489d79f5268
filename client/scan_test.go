package client

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

var scanSeeds = []string{
	`{}`, ` { "a" : 1 , "b" : [ ] } `, `{"return":{"a":[1,2,{"b":null}]},"id":"x"}`,
	`[]`, `[1,]`, `{"a":1,}`, `{,}`, `{"a"}`, `{"a":}`, `{"a" 1}`, `{1:2}`, `"x"`, `x`,
	`0`, `-0`, `01`, `-`, `1.`, `1.5`, `.5`, `1e`, `1e+`, `1E-5`, `-12.5e10`, `1.5e3x`,
	`true`, `tru`, `nulls`, `falsefalse`, `"\u00e9\n\"\\\/\b\f\r\t"`, `"\u12"`, `"\x"`,
	"\"a\x01b\"", "\"\xff\xfe\"", `"abc`, `"abcdefghijklmnop\"qrstuvwxyz"`, `{"a":1}{}`,
	"\t\r\n{}\n", "", " ", `[[[[]]]]`, `[[[[]]]`, `{"a":[}`, "\"12345678\\u00411234567\"",
	strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth),
	strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1),
}

func TestScanMatchesJSONValid(t *testing.T) {
	for _, s := range scanSeeds {
		checkScan(t, []byte(s))
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range scanSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(checkScan)
}

// checkScan compares the scanner with encoding/json on d: validity, and
// for objects the top-level members.
func checkScan(t *testing.T, d []byte) {
	want := json.Valid(d)
	if got := scanValue(d) == nil; got != want {
		t.Fatalf("scanValue(%q) valid = %v, json.Valid = %v", d, got, want)
	}
	var m map[string]json.RawMessage
	if !want || json.Unmarshal(d, &m) != nil {
		return
	}
	n := 0
	err := scanObject(d, func(mb member) {
		n++
		if !bytes.Contains(mb.key, []byte{'\\'}) && !json.Valid(d[mb.start:mb.end]) {
			t.Fatalf("member %q of %q: bad span %q", mb.key, d, d[mb.start:mb.end])
		}
	})
	if err != nil || n < len(m) {
		t.Fatalf("scanObject(%q) = %v with %d members, json has %d", d, err, n, len(m))
	}
}
