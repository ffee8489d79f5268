package freeze

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goqga/goqga/os/sim"
)

func TestSimFreezeThaw(t *testing.T) {
	var journal bytes.Buffer
	s, err := NewSim(sim.Default(), sim.NewJournal(&journal), "")
	if err != nil {
		t.Fatal(err)
	}
	mounts, err := List(s)
	if err != nil || !slices.Equal(Paths(mounts), []string{"/", "/boot", "/home"}) {
		t.Fatalf("List = %v, %v", mounts, err)
	}
	if n, err := FreezeAll(s, Reversed(Paths(mounts))); n != 3 || err != nil {
		t.Fatalf("FreezeAll = %d, %v", n, err)
	}
	want := "/ ext4 frozen\n/boot ext4 frozen\n/home xfs frozen\n/proc proc thawed\n/sys sysfs thawed\n/run tmpfs thawed\n"
	if s.String() != want {
		t.Errorf("state:\n%s", s)
	}
	if n, err := FreezeAll(s, []string{"/home", "/proc"}); n != 0 || err != nil {
		t.Errorf("refreeze (EBUSY) and /proc (EOPNOTSUPP) = %d, %v", n, err)
	}
	if err := s.Freeze("/nope"); err == nil || err.Error() != "failed to open /nope: No such file or directory" {
		t.Errorf("unknown mount: %v", err)
	}
	if n, err := ThawAll(s, Paths(mounts)); n != 3 || err != nil || strings.Contains(s.String(), "frozen") {
		t.Errorf("ThawAll = %d, %v:\n%s", n, err, s)
	}
	wantJournal := `{"mount":"/home","op":"freeze"}
{"mount":"/boot","op":"freeze"}
{"mount":"/","op":"freeze"}
{"mount":"/","op":"thaw"}
{"mount":"/boot","op":"thaw"}
{"mount":"/home","op":"thaw"}
`
	if journal.String() != wantJournal {
		t.Errorf("journal:\n%s", journal.String())
	}
}

// A new Sim on the journal of an agent that died frozen finds the
// mounts still frozen.
func TestSimReplaysJournal(t *testing.T) {
	p := filepath.Join(t.TempDir(), "journal")
	j, err := sim.OpenJournal(p)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := NewSim(sim.Default(), j, p)
	FreezeAll(first, []string{"/home", "/boot", "/"})
	first.Thaw("/boot")
	j.Record(map[string]any{"op": "shutdown", "mode": "reboot"})
	j.Close()
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"op":"freeze","mount":"/gone"}` + "\n" + `{"op":"fre`) // a mount the world lacks, a torn line
	f.Close()

	again, err := NewSim(sim.Default(), sim.NewJournal(&bytes.Buffer{}), p)
	if err != nil {
		t.Fatal(err)
	}
	want := "/ ext4 frozen\n/boot ext4 thawed\n/home xfs frozen\n/proc proc thawed\n/sys sysfs thawed\n/run tmpfs thawed\n"
	if again.String() != want {
		t.Errorf("replayed state:\n%s", again)
	}
	if n, err := ThawAll(again, []string{"/", "/boot", "/home"}); n != 2 || err != nil {
		t.Errorf("ThawAll after replay = %d, %v; want 2", n, err)
	}
	if fr, err := ReplayJournal(filepath.Join(t.TempDir(), "none")); err != nil || len(fr) != 0 {
		t.Errorf("missing journal: %v, %v", fr, err)
	}
}

func TestSimBadDev(t *testing.T) {
	w := &sim.World{Mounts: []sim.Mount{{Path: "/", Type: "ext4", Dev: "sda"}}}
	s, _ := NewSim(w, sim.NewJournal(&bytes.Buffer{}), "")
	if _, err := s.Mounts(); err == nil || !strings.Contains(err.Error(), `bad dev "sda"`) {
		t.Errorf("bad dev: %v", err)
	}
}
