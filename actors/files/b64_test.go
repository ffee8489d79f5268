package files

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestDecodeB64(t *testing.T) {
	cases := []struct {
		lit  string // a JSON string literal
		want string
		err  error
	}{
		{`""`, "", nil},
		{`"aGVsbG8="`, "hello", nil},
		{`"aGVsbG8gd29ybGQ="`, "hello world", nil},
		{`"aGVs\nbG8g\r\nd29y\nbGQ=\n"`, "hello world", nil}, // Proxmox wraps lines
		{`"aGVs\u000abG8="`, "hello", nil},
		{`"aGVsbG8\u003d"`, "hello", nil},
		{`"YQ=="`, "a", nil},
		{`"YWI="`, "ab", nil},
		{`"/+8\/"`, "\xff\xef?", nil}, // an escaped '/'
		{`"aGVsbG8=!"`, "", errB64Chars},
		{`"aGV sbG8="`, "", errB64Chars},
		{`"aGVs\tbG8="`, "", errB64Chars},
		{`"aGVs\u00e9bG8="`, "", errB64Chars},
		{`"aGVs\u0000bG8="`, "", errB64Chars},
		{`"aGVsé"`, "", errB64Chars},
		{`"YQ==YQ==!"`, "", errB64Chars}, // invalid characters win over bad padding
		{`"YQ"`, "", errB64Malformed},
		{`"YQ="`, "", errB64Malformed},
		{`"YQ===="`, "", errB64Malformed},
		{`"Y==="`, "", errB64Malformed},
		{`"YQ==YQ=="`, "", errB64Malformed},
		{`"="`, "", errB64Malformed},
		{`"abcde"`, "", errB64Malformed},
		{`1`, "", errB64Chars},
	}
	for _, c := range cases {
		got, err := decodeB64([]byte(c.lit))
		if !errors.Is(err, c.err) || (err == nil && string(got) != c.want) {
			t.Errorf("decodeB64(%s) = %q, %v; want %q, %v", c.lit, got, err, c.want, c.err)
		}
	}
}

// The decoder works in place: the result shares the literal's storage.
func TestDecodeB64InPlace(t *testing.T) {
	data := strings.Repeat("0123456789", 1000)
	lit, _ := json.Marshal(base64.StdEncoding.EncodeToString([]byte(data)))
	got, err := decodeB64(lit)
	if err != nil || string(got) != data {
		t.Fatalf("decoded %d bytes, %v", len(got), err)
	}
	if &got[0] != &lit[0] {
		t.Error("result does not share the literal's storage")
	}
}

// refDecodeB64 is the obvious, allocating decoder: unquote, check the
// character set (qemu-ga's rule, plus '\r'), drop line breaks, decode.
func refDecodeB64(lit []byte) ([]byte, error) {
	var s string
	if err := json.Unmarshal(lit, &s); err != nil {
		return nil, errB64Chars
	}
	const valid = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n"
	for _, r := range s {
		if !strings.ContainsRune(valid, r) {
			return nil, errB64Chars
		}
	}
	s = strings.NewReplacer("\r", "", "\n", "").Replace(s)
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, errB64Malformed
	}
	return b, nil
}

// FuzzDecodeB64 checks the in-place decoder against the reference on any
// valid JSON string, and that it never panics on anything else.
func FuzzDecodeB64(f *testing.F) {
	for _, s := range []string{`"aGVsbG8="`, `"aGVs\nbG8g\r\nd29y\nbGQ="`, `"aGVs\u000abG8="`, `"YQ=="`, `"YQ==YQ=="`, `"\/+8\/"`} {
		f.Add([]byte(s))
	}
	// Long enough for the eight-character loop, with what stops it: an
	// escape, a line break, padding, a bad character.
	long := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("goqga writes in place ", 12)))
	for _, s := range []string{long, long[:100] + `\n` + long[100:], long[:60] + `\/` + long[63:], long[:90] + "*" + long[91:], long[:200] + "=="} {
		f.Add([]byte(`"` + s + `"`))
	}
	f.Fuzz(func(t *testing.T, lit []byte) {
		want, wantErr := refDecodeB64(lit)
		got, err := decodeB64(append([]byte(nil), lit...))
		var s string
		if json.Unmarshal(lit, &s) != nil || lit[0] != '"' || lit[len(lit)-1] != '"' {
			return // not a bare JSON string: Validate never lets it through
		}
		if err != wantErr || (err == nil && string(got) != string(want)) {
			t.Fatalf("decodeB64(%q) = %q, %v; reference %q, %v", lit, got, err, want, wantErr)
		}
	})
}
