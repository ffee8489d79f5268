package faults

import (
	"strings"
	"testing"
)

func TestCheckDeclared(t *testing.T) {
	Declare("os.test_point", "a test", "a path")
	Declare("actor.testdomain", "a test domain", "the command name")
	for _, tt := range []struct {
		spec, err string
	}{
		{"os.test_point=error(EIO)", ""},
		{"os.test_point@/x=error(EIO),actor.testdomain@guest-ping=panic", ""},
		{"channel.write=drop", ""},
		{"os.test_poin=error(EIO)", `unknown fault point "os.test_poin"; valid points: `},
		{"actor.nonexistent=panic", `unknown fault point "actor.nonexistent"`},
		{"channel.read@x=error(EIO)", `takes no @target`},
	} {
		inj, err := Parse(tt.spec)
		if err != nil {
			t.Fatalf("%s: parse: %v", tt.spec, err)
		}
		err = inj.CheckDeclared()
		if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("%s: got %v, want %q", tt.spec, err, tt.err)
		}
		if err != nil && !strings.Contains(err.Error(), "os.test_point") && strings.Contains(tt.err, "valid points") {
			t.Errorf("%s: the error does not list the valid points: %v", tt.spec, err)
		}
	}
	var nilInj *Injector
	if err := nilInj.CheckDeclared(); err != nil {
		t.Fatal(err)
	}
}

func TestDeclareTwicePanics(t *testing.T) {
	Declare("os.twice", "one place", "")
	Declare("os.twice", "one place", "") // the same declaration again is fine
	defer func() {
		if recover() == nil {
			t.Fatal("a conflicting second declaration did not panic")
		}
	}()
	Declare("os.twice", "another place", "")
}
