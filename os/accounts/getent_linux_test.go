package accounts

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeGetent answers like getent passwd for one LDAP user and for uid 0.
func fakeGetent(t *testing.T, body string) *Linux {
	t.Helper()
	prog := filepath.Join(t.TempDir(), "getent")
	if err := os.WriteFile(prog, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	l := safeLinux()
	l.PasswdPath = "testdata/passwd"
	l.Getent = prog
	return l
}

const ldapGetent = `[ "$1 $2" = "passwd --" ] || exit 9
case "$3" in
ldapuser) echo 'ldapuser:*:70001:70001:LDAP User:/home/ldapuser:/bin/bash' ;;
0) echo 'root:x:0:0:root:/root:/bin/bash' ;;
*) exit 2 ;;
esac`

func TestGetentFallback(t *testing.T) {
	l := fakeGetent(t, ldapGetent)
	u, err := l.Lookup("ldapuser")
	if err != nil || u != (User{Name: "ldapuser", UID: 70001, GID: 70001, Home: "/home/ldapuser"}) {
		t.Fatalf("ldapuser: %+v %v", u, err)
	}
	// The file answers first; getent never sees names it has.
	if u, err := l.Lookup("root"); err != nil || u.Home != "/root" {
		t.Fatalf("root: %+v %v", u, err)
	}
	for _, name := range []string{"nobody-here", "0", ""} {
		if _, err := l.Lookup(name); !errors.Is(err, ErrNoUser) {
			t.Errorf("%q: %v, want no such user", name, err)
		}
	}
}

func TestGetentFails(t *testing.T) {
	l := fakeGetent(t, "echo oops >&2; exit 1")
	if _, err := l.Lookup("ldapuser"); err == nil || !strings.Contains(err.Error(), "getent passwd: exit status 1") {
		t.Fatalf("got %v", err)
	}
	l = fakeGetent(t, "sleep 30 & sleep 30")
	l.Timeout = 200 * time.Millisecond
	start := time.Now()
	if _, err := l.Lookup("ldapuser"); err == nil || !strings.Contains(err.Error(), "did not answer within 200ms") {
		t.Fatalf("got %v", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Fatal("the hung getent held the lookup")
	}
}
