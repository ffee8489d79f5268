package accounts

import (
	"errors"
	"os"
	"testing"
)

// testdata/passwd is this machine's /etc/passwd.
func TestFindUserSample(t *testing.T) {
	b, err := os.ReadFile("testdata/passwd")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		want User
		err  error
	}{
		{"root", User{Name: "root", UID: 0, GID: 0, Home: "/root"}, nil},
		{"daemon", User{Name: "daemon", UID: 1, GID: 1, Home: "/usr/sbin"}, nil},
		{"nobody", User{Name: "nobody", UID: 65534, GID: 65534, Home: "/nonexistent"}, nil},
		{"no-such-user", User{}, ErrNoUser},
		{"", User{}, ErrNoUser},
		{"roo", User{}, ErrNoUser},
	}
	for _, tt := range tests {
		got, err := FindUser(b, tt.name)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("%q: got %+v %v, want %+v %v", tt.name, got, err, tt.want, tt.err)
		}
	}
}

func TestFindUserOddLines(t *testing.T) {
	const passwd = "# a comment:x:1:1::/c:/bin/sh\n" +
		"short:x:1:1\n" +
		"baduid:x:one:1::/home/baduid:/bin/sh\n" +
		"+nis:x:5:5::/home/nis:/bin/sh\n" +
		"alice:x:1000:100:Alice,,,:/home/alice/:/bin/sh\n" +
		"alice:x:2000:200::/home/second:/bin/sh\n" +
		"rel:x:3:3::home/rel:/bin/sh\n" +
		"big:x:4294967295:0::/big:/bin/sh\n" +
		"huge:x:4294967296:0::/huge:/bin/sh\n" +
		"crlf:x:7:7::/home/crlf:/bin/sh\r\n" +
		"last:x:9:9::/home/last:/bin/sh" // no final newline
	tests := []struct {
		name string
		want User
		err  string
	}{
		{"alice", User{Name: "alice", UID: 1000, GID: 100, Home: "/home/alice"}, ""}, // first wins, cleaned
		{"short", User{}, "no such user"},
		{"baduid", User{}, "no such user"},
		{"+nis", User{}, "no such user"},
		{"nis", User{}, "no such user"},
		{"rel", User{}, "home directory 'home/rel' is not an absolute path"},
		{"big", User{Name: "big", UID: 4294967295, Home: "/big"}, ""},
		{"huge", User{}, "no such user"},
		{"crlf", User{Name: "crlf", UID: 7, GID: 7, Home: "/home/crlf"}, ""},
		{"last", User{Name: "last", UID: 9, GID: 9, Home: "/home/last"}, ""},
	}
	for _, tt := range tests {
		got, err := FindUser([]byte(passwd), tt.name)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if got != tt.want || msg != tt.err {
			t.Errorf("%q: got %+v %q, want %+v %q", tt.name, got, msg, tt.want, tt.err)
		}
	}
}

func FuzzFindUser(f *testing.F) {
	if b, err := os.ReadFile("testdata/passwd"); err == nil {
		f.Add(b, "root")
	}
	f.Add([]byte("a:x:1:1::/h:/s\n"), "a")
	f.Add([]byte("a:x:1:1::h:/s"), "a")
	f.Fuzz(func(t *testing.T, b []byte, name string) {
		u, err := FindUser(b, name)
		if err == nil && (u.Name != name || u.Home == "" || u.Home[0] != '/' || u.UID < 0 || u.GID < 0) {
			t.Fatalf("bad user %+v for %q", u, name)
		}
	})
}
