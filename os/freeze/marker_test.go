package freeze

import (
	"os"
	"testing"

	"github.com/goqga/goqga/faults"
)

func TestMarker(t *testing.T) {
	dir := t.TempDir()
	inj, _ := faults.Parse("os.mark=error(ENOSPC)*1,os.unmark=error(EROFS)*1")
	m := NewMarker(dir, inj)
	if m.Exists() {
		t.Fatal("marker in an empty directory")
	}
	if err := m.Create(); err == nil || err.Error() != "failed to create "+m.Path+": No space left on device" {
		t.Fatalf("injected os.mark: %v", err)
	}
	if m.Exists() {
		t.Fatal("a failed create left a marker")
	}
	if err := m.Create(); err != nil || !m.Exists() {
		t.Fatalf("Create: %v", err)
	}
	if st, _ := os.Stat(m.Path); st.Mode().Perm() != 0o600 {
		t.Errorf("marker mode %v", st.Mode())
	}
	if err := m.Remove(); err == nil || !m.Exists() {
		t.Fatalf("injected os.unmark: %v", err)
	}
	if err := m.Remove(); err != nil || m.Exists() {
		t.Fatalf("Remove: %v", err)
	}
	if err := m.Remove(); err != nil {
		t.Errorf("removing a missing marker: %v", err)
	}
}
