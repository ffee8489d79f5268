package credentials

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

func TestDecodePassword(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"aHVudGVyMg==", "hunter2", nil},
		{"aHVu\ndGVy\r\nMg==", "hunter2", nil}, // wrapped as Proxmox sends it
		{"", "", nil},
		{"aHVudGVyMg", "", errB64Malformed}, // GLib would decode "hunte"
		{"aHVudGVyMg=", "", errB64Malformed},
		{"aHVudGVyMg===", "", errB64Malformed},
		{"aHVu dGVyMg==", "", errB64Chars},
		{"aHVudGVyMg==\x00", "", errB64Chars},
		{"aHVudGVyMg-_", "", errB64Chars}, // URL alphabet
		{"é", "", errB64Chars},
	}
	for _, tt := range tests {
		got, err := decodePassword(tt.in)
		if string(got) != tt.want || err != tt.err {
			t.Errorf("%q: got %q %v, want %q %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// Whatever is sent, decodePassword either fails or returns exactly what
// the standard strict decoder makes of it without its line breaks.
func FuzzDecodePassword(f *testing.F) {
	f.Add("aHVudGVyMg==")
	f.Add("aHVu\ndGVyMg")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := decodePassword(s)
		if err != nil {
			return
		}
		want, err2 := base64.StdEncoding.Strict().DecodeString(strings.NewReplacer("\n", "", "\r", "").Replace(s))
		if err2 != nil || !bytes.Equal(got, want) {
			t.Fatalf("%q: decoded %q, the standard decoder %q %v", s, got, want, err2)
		}
	})
}
