package blackbox

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goqga/goqga/client"
)

// fsSetup gives a private mount namespace what fsinfo and disks make
// subtle: a bind mount (the root's device listed twice) and an ext4
// image on a loop device (a virtual device without slaves: no disks).
// The loop device goes away with the namespace.
const fsSetup = `set -e
mount --bind / %[1]s/bind
mount -o loop %[1]s/img %[1]s/loop
`

// TestFilesystemMatchesQemuGA runs Debian's qemu-ga 7.2 and goqga's
// Linux backend in one private mount namespace and compares
// guest-get-fsinfo and guest-get-disks. guest-fstrim is blocked in both
// (dangerous): never a real FITRIM on this machine.
func TestFilesystemMatchesQemuGA(t *testing.T) {
	needQemuGA(t)
	dir := t.TempDir()
	for _, d := range []string{"bind", "loop"} {
		if err := exec.Command("mkdir", "-p", filepath.Join(dir, d)).Run(); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command("sh", "-c", "truncate -s 8M "+dir+"/img && mkfs.ext4 -q -F "+dir+"/img").CombinedOutput(); err != nil {
		t.Skipf("no mkfs.ext4 here: %v %s", err, out)
	}
	if out, err := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c",
		strings.ReplaceAll(fsSetup, "%[1]s", dir)).CombinedOutput(); err != nil {
		t.Skipf("no private mount namespace with a loop device here: %v %s", err, out)
	}
	theirs, ours := bothInNamespace(t, dir, []string{"-m", "--propagation", "private"}, strings.ReplaceAll(fsSetup, "%[1]s", dir))

	var a, b []map[string]any
	for try := 0; ; try++ { // used-bytes moves on a shared machine: retry
		a, b = ask(t, theirs, "guest-get-fsinfo"), ask(t, ours, "guest-get-fsinfo")
		diff := cmp.Diff(a, settleUsed(cleanFsinfo(t, b, a), a, dir))
		if diff == "" {
			break
		}
		if try == 2 {
			t.Fatalf("fsinfo differs from qemu-ga (-qemu-ga +goqga):\n%s", diff)
		}
	}
	var mounts []string
	for _, fs := range b {
		mounts = append(mounts, fs["mountpoint"].(string))
	}
	if got := strings.Join(mounts, " "); !strings.HasPrefix(got, dir+"/loop "+dir+"/bind ") {
		t.Fatalf("mounts %q: the namespace was not set up as expected", got)
	}
	t.Logf("fsinfo: %s", mustJSON(b))
	da, db := ask(t, theirs, "guest-get-disks"), ask(t, ours, "guest-get-disks")
	t.Logf("disks: %s", mustJSON(db))
	if diff := cmp.Diff(da, dropSysfsSerials(t, db, da)); diff != "" {
		t.Fatalf("disks differ from qemu-ga (-qemu-ga +goqga):\n%s", diff)
	}
	if !strings.Contains(mustJSON(db), `"name":"/dev/loop`) {
		t.Fatalf("disks %s: the loop device is missing", mustJSON(db))
	}
}

// cleanFsinfo takes from ours what qemu-ga 7.2 cannot have:
// total-bytes-privileged (qemu-ga 9.1+), checked to be at least
// total-bytes. Everything else must be equal, used-bytes included (the
// caller asks again when a write on the shared machine moved it).
func cleanFsinfo(t *testing.T, fsinfo, theirs []map[string]any) []map[string]any {
	t.Helper()
	dropSysfsSerials(t, fsinfo, theirs)
	for _, fs := range fsinfo {
		priv, ok := fs["total-bytes-privileged"].(float64)
		total, _ := fs["total-bytes"].(float64)
		if ok && priv < total {
			t.Errorf("%v: total-bytes-privileged %v < total-bytes %v", fs["mountpoint"], priv, total)
		}
		delete(fs, "total-bytes-privileged")
	}
	return fsinfo
}

// settleUsed takes qemu-ga's used-bytes for the machine's own
// filesystems (not the test's, under dir) when ours is within 256 MiB of
// it: other work on a shared machine writes to them between the two
// answers. The test's own filesystems must match to the byte.
func settleUsed(ours, theirs []map[string]any, dir string) []map[string]any {
	for i, fs := range ours {
		if i >= len(theirs) || fs["mountpoint"] != theirs[i]["mountpoint"] || strings.HasPrefix(fs["mountpoint"].(string), dir) {
			continue
		}
		o, ok1 := fs["used-bytes"].(float64)
		q, ok2 := theirs[i]["used-bytes"].(float64)
		if ok1 && ok2 && math.Abs(o-q) <= 256<<20 {
			fs["used-bytes"] = q
		}
	}
	return ours
}

// dropSysfsSerials removes from ours each disk serial qemu-ga lacks (it
// reads serials from udev's database only; this machine runs no udev),
// after checking it is the virtio disk's sysfs serial attribute.
func dropSysfsSerials(t *testing.T, ours, theirs []map[string]any) []map[string]any {
	t.Helper()
	var walk func(o, q any)
	walk = func(o, q any) {
		switch o := o.(type) {
		case map[string]any:
			qm, _ := q.(map[string]any)
			if s, ok := o["serial"].(string); ok && qm != nil && qm["serial"] == nil {
				dev, _ := o["dev"].(string)
				if want := sysfsSerial(dev); s != want {
					t.Errorf("serial of %s: %q, sysfs says %q", dev, s, want)
				}
				delete(o, "serial")
			}
			for k, v := range o {
				walk(v, qm[k])
			}
		case []any:
			q, _ := q.([]any)
			for i := range o {
				if i < len(q) {
					walk(o[i], q[i])
				}
			}
		}
	}
	for i := range ours {
		if i < len(theirs) {
			walk(ours[i], theirs[i])
		}
	}
	return ours
}

// sysfsSerial is the serial attribute of the disk holding dev (a
// partition's disk is its parent directory in sysfs).
func sysfsSerial(dev string) string {
	p, err := filepath.EvalSymlinks("/sys/class/block/" + filepath.Base(dev))
	if err != nil {
		return ""
	}
	if _, err := os.Stat(p + "/partition"); err == nil {
		p = filepath.Dir(p)
	}
	b, _ := os.ReadFile(p + "/serial")
	return strings.TrimSpace(string(b))
}

func ask(t *testing.T, sock, cmd string) []map[string]any {
	t.Helper()
	c, err := client.Dial("unix", sock, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var out []map[string]any
	if err := c.Do(cmd, nil, &out); err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	return out
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
