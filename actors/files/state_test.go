package files

import (
	"testing"
)

func TestParseState(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		err  bool
	}{
		{"", FirstHandle, false},
		{"[global]\nfd_counter=1001\n", 1001, false},
		{"[global]\r\nfd_counter = 42 \r\n", 42, false},
		{"# written by qemu-ga\n[global]\n  fd_counter=7\nfd_counter=8\n", 8, false},
		{"[other]\nfd_counter=5\n[global]\nx=1\n", FirstHandle, false},
		{"[global]\nfd_counter=9223372036854775807\n", 9223372036854775807, false},
		{"[global]\nfd_counter=-1\n", 0, true},
		{"[global]\nfd_counter=12abc\n", 0, true},
		{"[global]\nfd_counter=9223372036854775808\n", 0, true},
		{"[global\nfd_counter=3\n", 0, true},
		{"[global]\nfd_counter\n", 0, true},
		{"\x00\xff", 0, true},
	}
	for _, c := range cases {
		got, err := parseState([]byte(c.in))
		if (err != nil) != c.err || (!c.err && got != c.want) {
			t.Errorf("parseState(%q) = %d, %v; want %d, error %v", c.in, got, err, c.want, c.err)
		}
	}
}

func FuzzParseState(f *testing.F) {
	f.Add([]byte("[global]\nfd_counter=1001\n"))
	f.Add([]byte("# c\n[global]\n fd_counter = 5\n[x]\nfd_counter=abc\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		next, err := parseState(data)
		if err != nil {
			return
		}
		if next < 0 {
			t.Fatalf("negative counter %d from %q", next, data)
		}
		back, err := parseState(formatState(next))
		if err != nil || back != next {
			t.Fatalf("round trip of %d: %d, %v", next, back, err)
		}
	})
}
