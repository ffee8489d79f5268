package jsonoracle

import "testing"

func TestStrict(t *testing.T) {
	for s, want := range map[string]bool{
		`{"a":1,"b":[{"a":2}]}`:           true,
		`"\ud800\udc00"`:                  true,
		`"\\ud800"`:                       true,
		`"é\u0000"`:                       true,
		`{"a":1,"a":2}`:                   false,
		`[{"a":1,"\u0061":2}]`:            false,
		`"\ud800"`:                        false,
		`"\udc00\ud800"`:                  false,
		`"\ud800\u0041"`:                  false,
		`"x\ud800"`:                       false,
		"\"\xc3\x28\"":                    false,
		"\"\xed\xa0\x80\"":                false,
		`{"a":`:                           false,
		`{"a":{"b":1},"c":{"b":1,"d":1}}`: true,
	} {
		if got := Strict([]byte(s)); got != want {
			t.Errorf("Strict(%q) = %v, want %v", s, got, want)
		}
	}
}
