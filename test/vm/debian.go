package vm

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// The Debian guest: a Debian 12 root filesystem made by mmdebstrap from
// Debian's packages, booted with systemd (TestDebianGuest). The smallest
// set that boots systemd with udev (the essential packages, systemd-sysv
// and udev), plus Debian's qemu-guest-agent, which the goqga package
// replaces as an operator's switch would. No kernel in it: the suite's
// kernel boots it through the busybox initramfs, which mounts it and
// hands over to systemd.
const (
	DebianSuite   = "bookworm"
	debianVariant = "essential"
	// DebianRootSerial is the root disk's serial; the initramfs finds it so.
	DebianRootSerial = "rootfs"
	debianRootMB     = 768
)

// DebianPackages are the packages mmdebstrap adds to the essential set.
var DebianPackages = []string{"systemd-sysv", "udev", "qemu-guest-agent"}

// debianFiles are the suite's additions to the root (from guest/), and
// where they go.
var debianFiles = []struct {
	src, dst string
	mode     os.FileMode
}{
	{"guest/ctl", "usr/local/sbin/goqga-ctl", 0o755},
	{"guest/debian/goqga-ctl.service", "etc/systemd/system/goqga-ctl.service", 0o644},
	{"guest/debian/fstab", "etc/fstab", 0o644},
}

// DebianRoot returns the cached root filesystem image (raw ext4), making
// it with mmdebstrap when the cache has none for today's package versions
// and the suite's additions. Boots use it read-only (QEMU snapshot=on).
// Without package lists, the newest cached image is used.
func DebianRoot(cache string, logf func(string, ...any)) (string, error) {
	key, err := debianKey()
	if err != nil {
		if img := newest(filepath.Join(cache, "debian-"+DebianSuite+"_*", "done")); img != "" {
			return filepath.Join(filepath.Dir(img), "rootfs.img"), nil
		}
		return "", err
	}
	dir := filepath.Join(cache, "debian-"+DebianSuite+"_"+key)
	err = fill(dir, func(tmp, entry string) error {
		logf("making the Debian %s root with mmdebstrap into %s", DebianSuite, dir)
		return makeDebianRoot(tmp, filepath.Join(entry, "rootfs.img"))
	})
	return filepath.Join(dir, "rootfs.img"), err
}

// debianKey names a root by what it is made of: the candidate versions of
// the packages it includes and of the core of the essential set, and the
// suite's additions.
func debianKey() (string, error) {
	h := sha256.New()
	fmt.Fprintln(h, DebianSuite, debianVariant, debianRootMB)
	for _, p := range append([]string{"libc6", "dpkg", "systemd", "base-files"}, DebianPackages...) {
		v, err := aptVersion(p)
		if err != nil {
			return "", err
		}
		fmt.Fprintln(h, p, v)
	}
	for _, f := range debianFiles {
		b, err := guestFiles.ReadFile(f.src)
		if err != nil {
			return "", err
		}
		fmt.Fprintln(h, f.dst, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// makeDebianRoot runs mmdebstrap into tmp/root, adds the suite's files and
// writes an ext4 image of it (mkfs.ext4 -d: no loop mount needed).
func makeDebianRoot(tmp, img string) error {
	if _, err := exec.LookPath("mmdebstrap"); err != nil {
		return errors.New("mmdebstrap not found: apt-get install mmdebstrap (.ci/run does)")
	}
	if os.Geteuid() != 0 {
		return errors.New("making the Debian root needs root (mmdebstrap, device nodes, file owners)")
	}
	root := filepath.Join(tmp, "root")
	args := []string{"--variant=" + debianVariant, "--mode=root", "--quiet",
		"--include=" + strings.Join(DebianPackages, ","), DebianSuite, root}
	if out, err := exec.Command("mmdebstrap", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("mmdebstrap %s: %v\n%s", strings.Join(args, " "), err, Tail(out, 3000))
	}
	if err := customizeDebianRoot(root); err != nil {
		return err
	}
	out, err := exec.Command("mkfs.ext4", "-q", "-F", "-L", DebianRootSerial, "-d", root, img,
		strconv.Itoa(debianRootMB)+"M").CombinedOutput()
	if err != nil {
		return fmt.Errorf("mkfs.ext4 -d %s: %v\n%s", root, err, out)
	}
	return nil
}

// customizeDebianRoot adds the control shell (enabled), the fstab, a host
// name, and no root password prompt anywhere.
func customizeDebianRoot(root string) error {
	for _, f := range debianFiles {
		b, err := guestFiles.ReadFile(f.src)
		if err != nil {
			return err
		}
		dst := filepath.Join(root, f.dst)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, b, f.mode); err != nil {
			return err
		}
	}
	wants := filepath.Join(root, "etc/systemd/system/sysinit.target.wants")
	if err := os.MkdirAll(wants, 0o755); err != nil {
		return err
	}
	if err := os.Symlink("../goqga-ctl.service", filepath.Join(wants, "goqga-ctl.service")); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(root, "etc/hostname"), []byte("goqga-debian\n"), 0o644)
}
