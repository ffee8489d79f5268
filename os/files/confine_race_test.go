//go:build linux

package files

import (
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
)

// Without openat2 (forced here), a guest user who swaps a directory of
// the allowed tree for a symbolic link to the outside, over and over,
// while the host opens files there for writing, must never get a file
// created or truncated outside: the fallback creates and truncates only
// under a directory descriptor it reached without following a link and
// verified (before the fix it opened with O_CREAT|O_TRUNC first and
// checked after: the outside file was truncated, and files created).
func TestConfinedFallbackRaceNeverWritesOutside(t *testing.T) {
	tmp := t.TempDir()
	allowed, outside := filepath.Join(tmp, "allowed"), filepath.Join(tmp, "outside")
	sub, real := filepath.Join(allowed, "sub"), filepath.Join(allowed, "sub.real")
	must(t, os.MkdirAll(sub, 0o755))
	must(t, os.MkdirAll(outside, 0o755))
	must(t, os.WriteFile(filepath.Join(outside, "f"), []byte("secret"), 0o644))
	must(t, os.WriteFile(filepath.Join(sub, "f"), []byte("inside"), 0o644))
	fsys, err := NewLinux(Options{FileMode: 0o600, Allow: []string{allowed}})
	must(t, err)
	noOpenat2.Store(true)
	defer noOpenat2.Store(false)

	var stop atomic.Bool
	done := make(chan struct{})
	go func() { // the guest user
		defer close(done)
		for !stop.Load() {
			if err := os.Rename(sub, real); err != nil {
				t.Errorf("swap: %v", err)
				return
			}
			_ = os.Symlink("../outside", sub)
			_ = os.Remove(sub)
			if err := os.Rename(real, sub); err != nil {
				t.Errorf("swap back: %v", err)
				return
			}
		}
	}()
	// Both sides must win sometimes: the scheduler decides how often, so
	// the loop goes on until each has (or 50,000 rounds).
	opened, refused := 0, 0
	for i := 0; i < 50000 && (i < 3000 || opened < 100 || refused < 100); i++ {
		if i%16 == 0 {
			runtime.Gosched() // let the swapper finish a swap back
		}
		for _, name := range []string{"f", "new"} {
			f, err := fsys.Open(filepath.Join(sub, name), Mode{Access: WriteOnly, Create: true, Truncate: true})
			if err != nil {
				refused++
				continue
			}
			opened++
			f.Close()
		}
	}
	stop.Store(true)
	<-done
	if b, _ := os.ReadFile(filepath.Join(outside, "f")); string(b) != "secret" {
		t.Errorf("the file outside was truncated: %q", b)
	}
	if ents, _ := os.ReadDir(outside); len(ents) != 1 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("files created outside: %v", names)
	}
	if opened == 0 || refused == 0 {
		t.Errorf("%d opens succeeded and %d were refused: the race did not run both ways", opened, refused)
	}
	t.Logf("%d opens succeeded inside, %d refused", opened, refused)
}
