package vm

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The Debian packages a guest is made of.
const (
	kernelMeta     = "linux-image-amd64"
	busyboxPackage = "busybox-static"
)

// GuestModules are the modules the guest loads (their dependencies come
// along): the virtio PCI transport, the agent's port, the data disks, the
// NIC and ext4; and the disk controllers TestDiskBuses attaches
// (virtio-scsi, AHCI, PIIX IDE, NVMe, USB storage on xHCI), which bind
// nothing in other guests. Everything else the guest needs is built into
// Debian's kernel (ACPI, RTC, 8250, IPv6, unix sockets, tmpfs, devtmpfs).
var GuestModules = []string{"virtio_pci", "virtio_console", "virtio_blk", "virtio_net", "ext4", "crc32c_generic",
	"virtio_scsi", "sd_mod", "ahci", "ata_piix", "nvme", "xhci_pci", "usb_storage"}

// modulesKey names the module list in the kernel's cache entry, so a
// changed list fills a new entry instead of using an old one without
// the new modules.
func modulesKey() string {
	sum := sha256.Sum256([]byte(strings.Join(GuestModules, " ")))
	return hex.EncodeToString(sum[:4])
}

// moduleAliases resolves the softdep names the roots use that are
// aliases, not module names (read from the modules' alias= entries).
var moduleAliases = map[string]string{"crypto_crc32c": "crc32c_generic", "crct10dif": "crct10dif_generic"}

// Assets are the unpacked pieces of a guest, in a cache directory keyed
// by package versions, so a second run downloads nothing.
type Assets struct {
	Kernel  string   // the vmlinuz
	Busybox string   // the static busybox binary
	Modules []string // .ko files in insmod order
	Key     string   // package names and versions, for cache keys and logs
}

// CacheDir is where assets are kept between runs: $GOQGA_VM_CACHE, else
// /var/cache/goqga-vm when it can be created (CI runs as root and keeps
// it between runs on one machine), else the user's cache directory.
func CacheDir() string {
	if d := os.Getenv("GOQGA_VM_CACHE"); d != "" {
		return d
	}
	if err := os.MkdirAll("/var/cache/goqga-vm", 0o755); err == nil {
		return "/var/cache/goqga-vm"
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "goqga-vm")
	}
	return filepath.Join(os.TempDir(), "goqga-vm")
}

// FetchAssets returns the guest's kernel, modules and busybox from the
// cache, downloading (apt-get download) and unpacking (dpkg -x) the
// packages apt currently offers when they are not cached yet. When apt
// cannot name a version (no package lists), the newest cached assets
// are used. logf reports what is downloaded.
func FetchAssets(cache string, logf func(string, ...any)) (*Assets, error) {
	kpkg, kver, kerr := kernelPackage()
	bver, berr := aptVersion(busyboxPackage)
	if err := errors.Join(kerr, berr); err != nil {
		return cachedAssets(cache, err)
	}
	kdir := filepath.Join(cache, kpkg+"_"+kver+"_m"+modulesKey())
	bdir := filepath.Join(cache, busyboxPackage+"_"+bver)
	if err := ensureKernel(kdir, kpkg, kver, logf); err != nil {
		return nil, err
	}
	if err := ensureBusybox(bdir, bver, logf); err != nil {
		return nil, err
	}
	return loadAssets(kdir, bdir)
}

// cachedAssets falls back to the most recently filled cache entries
// (version strings do not sort as text).
func cachedAssets(cache string, why error) (*Assets, error) {
	k := newest(filepath.Join(cache, "linux-image-*_m"+modulesKey(), "done"))
	b := newest(filepath.Join(cache, busyboxPackage+"_*", "done"))
	if k == "" || b == "" {
		return nil, fmt.Errorf("%w\nthe VM suite needs apt package lists (run apt-get update) "+
			"or a filled cache in %s", why, cache)
	}
	return loadAssets(filepath.Dir(k), filepath.Dir(b))
}

// newest is the most recently modified file matching pattern.
func newest(pattern string) string {
	files, _ := filepath.Glob(pattern)
	best, bestTime := "", time.Time{}
	for _, f := range files {
		if st, err := os.Stat(f); err == nil && !st.ModTime().Before(bestTime) {
			best, bestTime = f, st.ModTime()
		}
	}
	return best
}

func loadAssets(kdir, bdir string) (*Assets, error) {
	order, err := os.ReadFile(filepath.Join(kdir, "modules.order.goqga"))
	if err != nil {
		return nil, err
	}
	a := &Assets{
		Kernel:  filepath.Join(kdir, "vmlinuz"),
		Busybox: filepath.Join(bdir, "busybox"),
		Key:     filepath.Base(kdir) + "+" + filepath.Base(bdir),
	}
	for _, m := range strings.Fields(string(order)) {
		a.Modules = append(a.Modules, filepath.Join(kdir, "modules", m+".ko"))
	}
	return a, nil
}

// kernelPackage names the image package linux-image-amd64 depends on.
func kernelPackage() (pkg, version string, err error) {
	out, err := exec.Command("apt-cache", "show", "--no-all-versions", kernelMeta).Output()
	if err != nil {
		return "", "", fmt.Errorf("apt-cache show %s: %v", kernelMeta, err)
	}
	return ParseKernelDepends(out)
}

// ParseKernelDepends finds "linux-image-X (= V)" in the Depends field of
// apt-cache show output for linux-image-amd64.
func ParseKernelDepends(show []byte) (pkg, version string, err error) {
	dep := field(show, "Depends")
	for _, alt := range strings.FieldsFunc(dep, func(r rune) bool { return r == ',' || r == '|' }) {
		name, rest, _ := strings.Cut(strings.TrimSpace(alt), " ")
		ver := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(rest), "(="), ")"))
		if strings.HasPrefix(name, "linux-image-") && ver != "" && !strings.ContainsAny(ver+name, "/ ()") {
			return name, ver, nil
		}
	}
	return "", "", fmt.Errorf("no linux-image-* (= VERSION) in Depends %q", dep)
}

// aptVersion is the candidate version apt would download.
func aptVersion(pkg string) (string, error) {
	out, err := exec.Command("apt-cache", "show", "--no-all-versions", pkg).Output()
	if err != nil {
		return "", fmt.Errorf("apt-cache show %s: %v", pkg, err)
	}
	v := field(out, "Version")
	if v == "" || strings.ContainsAny(v, "/ ") {
		return "", fmt.Errorf("apt-cache show %s: no usable Version", pkg)
	}
	return v, nil
}

// field returns the first "Name: value" of a deb822 paragraph.
func field(b []byte, name string) string {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// download fetches pkg=version into a fresh directory under tmp and
// unpacks it into tmp/root.
func download(tmp, pkg, version string) (string, error) {
	cmd := exec.Command("apt-get", "download", "-q", pkg+"="+version)
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("apt-get download %s=%s: %v\n%s", pkg, version, err, out)
	}
	debs, _ := filepath.Glob(filepath.Join(tmp, "*.deb"))
	if len(debs) != 1 {
		return "", fmt.Errorf("apt-get download %s: found %d .deb files", pkg, len(debs))
	}
	root := filepath.Join(tmp, "root")
	if out, err := exec.Command("dpkg", "-x", debs[0], root).CombinedOutput(); err != nil {
		return "", fmt.Errorf("dpkg -x %s: %v\n%s", debs[0], err, out)
	}
	return root, nil
}
