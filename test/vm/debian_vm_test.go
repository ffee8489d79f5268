//go:build vm

package vm

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// debBuild is the package the Debian tests share, built once.
var debBuild struct {
	once          sync.Once
	path, version string
	err           error
}

func builtDeb(t *testing.T) (path, version string) {
	t.Helper()
	debBuild.once.Do(func() {
		dir, err := os.MkdirTemp("", "goqga-deb-")
		if err != nil {
			debBuild.err = err
			return
		}
		start := time.Now()
		debBuild.path, debBuild.version, debBuild.err = BuildDeb(dir)
		t.Logf("built %s in %v", filepath.Base(debBuild.path), time.Since(start).Round(time.Millisecond))
	})
	if debBuild.err != nil {
		t.Fatal(debBuild.err)
	}
	return debBuild.path, debBuild.version
}

// bootDebian boots the Debian guest with the package on its "debs" disk;
// stopped when t ends.
func bootDebian(t *testing.T) (*Guest, string) {
	t.Helper()
	if prepErr != nil {
		t.Fatalf("the VM suite cannot run: %v", prepErr)
	}
	deb, version := builtDeb(t)
	start := time.Now()
	root, err := DebianRoot(CacheDir(), t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Debian root %s ready in %v", filepath.Base(filepath.Dir(root)), time.Since(start).Round(time.Millisecond))
	dir, err := os.MkdirTemp("", "goqga-vm-")
	if err != nil {
		t.Fatal(err)
	}
	o := prepared
	o.Dir = dir
	start = time.Now()
	g, err := BootDebian(o, root, filepath.Dir(deb), bootTimeout)
	if err != nil {
		os.RemoveAll(dir)
		t.Fatalf("booting the Debian guest: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("guest console ends:\n%s", g.ConsoleTail())
		}
		g.Close()
		os.RemoveAll(dir)
	})
	t.Logf("Debian guest (%s): control shell after %v", g.Accel, time.Since(start).Round(time.Millisecond))
	state, err := g.WaitBooted(bootTimeout)
	t.Logf("Debian guest: systemd %q after %v", state, time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return g, version
}

func TestDebianGuest(t *testing.T) {
	g, version := bootDebian(t)
	t.Log(version)
	t.Log(sh(t, g, "systemctl list-units --failed --no-legend; systemd-analyze || true; uname -r; findmnt -n -o TARGET,FSTYPE"))
}
