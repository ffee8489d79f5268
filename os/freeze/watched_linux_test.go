//go:build linux

package freeze

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestWatched runs watchedHelper in a private mount namespace (unshare
// as root): a mount and an unmount there must show in the next Mounts,
// and nothing else may change the answer. Nothing is mounted outside the
// namespace.
func TestWatched(t *testing.T) {
	if os.Getenv("GOQGA_WATCHED_HELPER") != "" {
		watchedHelper(t)
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root for a private mount namespace")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("unshare", "-m", "--propagation", "private", self, "-test.run", "^TestWatched$", "-test.v")
	cmd.Env = append(os.Environ(), "GOQGA_WATCHED_HELPER="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestWatched") {
		t.Fatalf("helper in a private mount namespace: %v\n%s", err, out)
	}
}

func watchedHelper(t *testing.T) {
	dir := os.Getenv("GOQGA_WATCHED_HELPER")
	w := &Watched{}
	has := func() bool {
		m, err := w.Mounts()
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(m, func(m Mount) bool { return m.Path == dir })
	}
	if has() || has() { // the second answer comes from the cache
		t.Fatal("mounted before the mount")
	}
	if err := unix.Mount("goqga-test", dir, "tmpfs", 0, "size=64k"); err != nil {
		t.Fatal(err)
	}
	if !has() {
		t.Fatal("the mount is missing from the next Mounts")
	}
	if !has() {
		t.Fatal("the mount is missing from the cached Mounts")
	}
	if err := unix.Unmount(dir, 0); err != nil {
		t.Fatal(err)
	}
	if has() {
		t.Fatal("the unmounted filesystem is still listed")
	}
	fresh, _ := (&Linux{}).Mounts()
	cached, _ := w.Mounts()
	if !slices.Equal(fresh, cached) {
		t.Fatalf("cached %v, read %v", cached, fresh)
	}
}
