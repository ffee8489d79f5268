package users

import (
	"os"
	"path/filepath"
	"testing"
)

// Record builds one record for the tests.
func Record(typ int16, user string, sec, usec int32) []byte {
	return UtmpRecord(typ, Login{User: user, Sec: int64(sec), Usec: int64(usec)})
}

func TestParseUtmp(t *testing.T) {
	var b []byte
	b = append(b, Record(2, "reboot", 1, 0)...) // BOOT_TIME
	b = append(b, Record(7, "alice", 1700000000, 250000)...)
	b = append(b, Record(6, "LOGIN", 5, 0)...) // LOGIN_PROCESS
	b = append(b, Record(7, "a-name-of-exactly-thirty-two-ch!", 1600000000, 1)...)
	b = append(b, Record(8, "bob", 7, 0)...)                  // DEAD_PROCESS
	b = append(b, Record(7, "alice", 1690000000, 0)[:100]...) // a partial record
	got := ParseUtmp(b)
	want := []Login{{"alice", 1700000000, 250000}, {"a-name-of-exactly-thirty-two-ch!", 1600000000, 1}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func FuzzParseUtmp(f *testing.F) {
	f.Add(Record(7, "root", 1, 2))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, l := range ParseUtmp(b) {
			if len(l.User) > userLen {
				t.Fatalf("user %q longer than ut_user", l.User)
			}
		}
	})
}

func TestParseSession(t *testing.T) {
	for _, tc := range []struct {
		file string
		want Login
		ok   bool
	}{
		{"session-tty", Login{"alice", 1733561234, 567890}, true},
		{"session-greeter", Login{}, false},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := ParseSession(b); got != tc.want || ok != tc.ok {
			t.Errorf("%s: %+v %v, want %+v %v", tc.file, got, ok, tc.want, tc.ok)
		}
	}
	for _, bad := range []string{"USER=x\n", "REALTIME=5\n", "USER=x\nREALTIME=-1\n", "USER=x\nREALTIME=1\nSTATE=closing\n",
		"USER=x\nREALTIME=1\nCLASS=manager\n"} {
		if l, ok := ParseSession([]byte(bad)); ok {
			t.Errorf("%q: %+v accepted", bad, l)
		}
	}
}

func FuzzParseSession(f *testing.F) {
	f.Add([]byte("USER=a\nREALTIME=1000001\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if l, ok := ParseSession(b); ok && (l.User == "" || l.Sec < 0 || l.Usec < 0 || l.Usec >= 1e6) {
			t.Fatalf("%+v from %q", l, b)
		}
	})
}

// Linux reads a utmp file and a sessions directory where it is told to;
// a missing utmp is fs.ErrNotExist, a missing directory no session.
func TestLinux(t *testing.T) {
	dir := t.TempDir()
	l := &Linux{UtmpPath: filepath.Join(dir, "utmp"), SessionsDir: filepath.Join(dir, "sessions")}
	if _, err := l.Utmp(); !os.IsNotExist(err) {
		t.Fatalf("no utmp: %v", err)
	}
	if s, err := l.Sessions(); err != nil || len(s) != 0 {
		t.Fatalf("no sessions dir: %v %v", s, err)
	}
	os.WriteFile(l.UtmpPath, Record(7, "root", 3, 4), 0o644)
	if u, err := l.Utmp(); err != nil || len(u) != 1 || u[0] != (Login{"root", 3, 4}) {
		t.Fatalf("utmp: %+v %v", u, err)
	}
	os.Mkdir(l.SessionsDir, 0o755)
	tty, _ := os.ReadFile("testdata/session-tty")
	greeter, _ := os.ReadFile("testdata/session-greeter")
	os.WriteFile(filepath.Join(l.SessionsDir, "3"), tty, 0o644)
	os.WriteFile(filepath.Join(l.SessionsDir, "c1"), greeter, 0o644)
	os.WriteFile(filepath.Join(l.SessionsDir, "3.ref"), tty, 0o644)
	if s, err := l.Sessions(); err != nil || len(s) != 1 || s[0].User != "alice" {
		t.Fatalf("sessions: %+v %v", s, err)
	}
}
