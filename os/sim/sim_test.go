package sim

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadDefaultAndFile(t *testing.T) {
	w, err := Load("")
	if err != nil || len(w.Mounts) != 6 || len(w.Interfaces) != 2 {
		t.Fatalf("default world: %+v %v", w, err)
	}
	p := filepath.Join(t.TempDir(), "w.json")
	os.WriteFile(p, []byte(`{"mounts":[{"path":"/data","type":"ext4","dev":"8:1"}],"power":{"suspend":["ram"]}}`), 0o644)
	w, err = Load(p)
	if err != nil || len(w.Mounts) != 1 || w.Mounts[0].Path != "/data" || len(w.Interfaces) != 0 {
		t.Fatalf("loaded world: %+v %v", w, err)
	}
	os.WriteFile(p, []byte(`{"mountz":[]}`), 0o644)
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), "mountz") {
		t.Fatalf("unknown field: %v", err)
	}
}

func TestJournalLines(t *testing.T) {
	var b bytes.Buffer
	j := NewJournal(&b)
	j.Record(map[string]any{"op": "freeze", "mount": "/home"})
	j.Record(map[string]any{"op": "shutdown", "mode": "reboot"})
	want := "{\"mount\":\"/home\",\"op\":\"freeze\"}\n{\"mode\":\"reboot\",\"op\":\"shutdown\"}\n"
	if b.String() != want {
		t.Fatalf("got %q", b.String())
	}
}
