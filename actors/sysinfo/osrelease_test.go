package sysinfo

import (
	"os"
	"testing"
)

func TestParseOSRelease(t *testing.T) {
	debian, err := os.ReadFile("../../os/sysinfo/testdata/os-release-debian12") // this machine's
	if err != nil {
		t.Fatal(err)
	}
	got := ParseOSRelease(debian)
	for k, v := range map[string]string{"ID": "debian", "NAME": "Debian GNU/Linux", "PRETTY_NAME": "Debian GNU/Linux 12 (bookworm)",
		"VERSION": "12 (bookworm)", "VERSION_ID": "12", "VERSION_CODENAME": "bookworm"} {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	for _, tc := range []struct{ in, key, want string }{
		{`NAME="Fedora Linux"`, "NAME", "Fedora Linux"},
		{`NAME='Fedora Linux'`, "NAME", "Fedora Linux"}, // qemu-ga: "'Fedora" (its wart)
		{`NAME=Fedora Linux`, "NAME", "Fedora"},
		{`NAME=Fedora;Linux`, "NAME", "Fedora"},
		{`NAME="a \"b\" \$c \\d \e"`, "NAME", `a "b" $c \d \e`},
		{`NAME='a \"b'`, "NAME", `a \"b`},
		{`NAME=a\ b`, "NAME", "a b"},
		{`NAME="a"'b'c`, "NAME", "abc"},
		{`NAME="unterminated`, "NAME", "unterminated"},
		{`NAME=`, "NAME", ""},
		{"  NAME = \"x\"  ", "NAME", "x"},
		{"NAME=\"x\"\r", "NAME", "x"},
		{"NAME=a\nNAME=b", "NAME", "b"},
		{"# NAME=no\nbroken line\nNAME=yes", "NAME", "yes"},
	} {
		if got, ok := ParseOSRelease([]byte(tc.in))[tc.key]; got != tc.want || !ok {
			t.Errorf("%q: %s = %q (%v), want %q", tc.in, tc.key, got, ok, tc.want)
		}
	}
	if m := ParseOSRelease([]byte("# only\n=x\n\n")); len(m) != 0 {
		t.Errorf("got %v from no assignment", m)
	}
}

func FuzzParseOSRelease(f *testing.F) {
	f.Add([]byte("NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION='12 (bookworm)'\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for k, v := range ParseOSRelease(b) {
			if k == "" || len(v) > len(b) {
				t.Fatalf("%q=%q from %q", k, v, b)
			}
		}
	})
}
