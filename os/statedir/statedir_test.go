package statedir

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteAtomicReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "qga.state")
	for _, content := range []string{"one\n", "two, longer\n", ""} {
		if err := WriteAtomic(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != content {
			t.Fatalf("got %q, %v; want %q", got, err, content)
		}
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode())
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("temporary files left behind: %v", ents)
	}
}

func TestWriteAtomicMissingDir(t *testing.T) {
	if err := WriteAtomic(filepath.Join(t.TempDir(), "no", "x"), nil, 0o600); err == nil {
		t.Fatal("want error")
	}
}

func TestEnsure(t *testing.T) {
	d := filepath.Join(t.TempDir(), "a", "b")
	if err := Ensure(d); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(d); err != nil || !st.IsDir() {
		t.Fatal(err)
	}
}

// Temporary files of interrupted writes are removed, and nothing else:
// the state directory may be /var/run.
func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	stale := []string{".qga.state.123456", ".qga.state.isfrozen.9", ".qga.state.0042"}
	kept := []string{"qga.state", "qga.state.isfrozen", ".qga.state.", ".qga.state.12a", ".other.123", "x.qga.state.1", ".qga.state.isfrozen"}
	for _, n := range append(append([]string{}, stale...), kept...) {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, ".qga.state.77"), 0o700); err != nil {
		t.Fatal(err)
	}
	kept = append(kept, ".qga.state.77") // a directory: not ours
	removed, err := RemoveStale(dir, "qga.state", "qga.state.isfrozen")
	if err != nil || len(removed) != len(stale) {
		t.Fatalf("removed %v, %v; want %v", removed, err, stale)
	}
	for _, n := range stale {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("%s left", n)
		}
	}
	for _, n := range kept {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s removed: %v", n, err)
		}
	}
}
