package smallfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestRead(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	os.WriteFile(p, []byte("12345"), 0o644)
	if b, err := Read(p, 5); err != nil || string(b) != "12345" {
		t.Fatalf("at the bound: %q %v", b, err)
	}
	if _, err := Read(p, 4); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("over the bound: %v", err)
	}
	if _, err := Read(p+"x", 4); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing: %v", err)
	}
}

// Files around the buffer's first size and growth read whole.
func TestReadSizes(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 4095, 4096, 4097, 100000} {
		p := filepath.Join(dir, "f")
		want := make([]byte, n)
		for i := range want {
			want[i] = byte(i)
		}
		os.WriteFile(p, want, 0o644)
		b, err := Read(p, 1<<20)
		if err != nil || string(b) != string(want) {
			t.Fatalf("%d bytes: read %d, %v", n, len(b), err)
		}
	}
	if b, err := Read("/proc/self/stat", 1<<20); err != nil || len(b) == 0 {
		t.Fatalf("/proc: %q %v", b, err)
	}
}
