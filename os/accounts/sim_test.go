package accounts

import (
	"bytes"
	"strings"
	"testing"

	"github.com/goqga/goqga/os/sim"
)

func TestSim(t *testing.T) {
	var j bytes.Buffer
	s, err := NewSim(sim.Default(), sim.NewJournal(&j))
	if err != nil {
		t.Fatal(err)
	}
	alice, err := s.Lookup("alice")
	if err != nil || alice != (User{Name: "alice", UID: 1000, GID: 1000, Home: "/home/alice"}) {
		t.Fatalf("alice: %+v %v", alice, err)
	}
	if _, err := s.Lookup("bob"); err != ErrNoUser {
		t.Fatalf("bob: %v", err)
	}
	root, _ := s.Lookup("root")
	if _, err := s.ReadKeys(root); !IsNotExist(err) {
		t.Fatalf("root's keys: %v", err)
	}
	if err := s.WriteKeys(root, []byte("k1\nk2\n")); err != nil {
		t.Fatal(err)
	}
	if b, _ := s.ReadKeys(root); string(b) != "k1\nk2\n" {
		t.Fatalf("read back %q", b)
	}
	if err := s.SetPassword("alice", []byte("hunter2"), true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword("bob", []byte("hunter2"), false); err == nil ||
		err.Error() != "child process has failed to set user password: chpasswd: (line 1, user bob) password not changed" {
		t.Fatalf("bob: %v", err)
	}
	want := `{"bytes":6,"lines":2,"op":"write-keys","user":"root"}` + "\n" +
		`{"crypted":true,"op":"set-password","user":"alice"}` + "\n"
	if j.String() != want {
		t.Fatalf("journal:\n%s\nwant:\n%s", j.String(), want)
	}
	if strings.Contains(j.String(), "hunter2") || strings.Contains(j.String(), "k1") {
		t.Fatal("a secret or a key reached the journal")
	}
}

func TestSimBadWorld(t *testing.T) {
	for _, users := range [][]sim.User{
		{{Name: "a", Home: "/h"}, {Name: "a", Home: "/h2"}},
		{{Name: "a:b", Home: "/h"}},
		{{Name: "", Home: "/h"}},
		{{Name: "a", Home: "h"}},
	} {
		if _, err := NewSim(&sim.World{Users: users}, nil); err == nil {
			t.Errorf("%+v accepted", users)
		}
	}
}
