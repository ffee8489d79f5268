package vm

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// RefAgentBinary is the reference agent: Debian's qemu-ga, installed on
// the host (apt-get install qemu-guest-agent; .ci/run does), copied into
// the guest with the shared libraries it links.
const RefAgentBinary = "/usr/sbin/qemu-ga"

// RefAgentPort is the virtio-serial port the reference agent serves in
// the guest, beside goqga's org.qemu.guest_agent.0.
const RefAgentPort = "org.qemu.guest_agent.1"

// DefaultRefAgentArgs keep the reference agent from acting on the guest
// where it would fight goqga: it neither freezes nor thaws (goqga's
// freeze tests own that state) nor takes the guest down.
var DefaultRefAgentArgs = []string{"-b", "guest-fsfreeze-freeze,guest-fsfreeze-freeze-list,guest-fsfreeze-thaw," +
	"guest-shutdown,guest-suspend-disk,guest-suspend-ram,guest-suspend-hybrid"}

// RefAgentLayer returns the gzip'd cpio of the reference agent, of the
// host's chpasswd and the PAM modules it loads (busybox has no chpasswd;
// see accounts.go), and of every library ldd says they load (the dynamic
// loader included), each at the path ldd names, plus the guest's account
// files; cached in dir under a hash of its contents.
func RefAgentLayer(dir string) (string, error) {
	if _, err := os.Stat(RefAgentBinary); err != nil {
		return "", fmt.Errorf("%s not found: apt-get install qemu-guest-agent (the VM suite compares goqga "+
			"with it inside the guest; .ci/run installs it)", RefAgentBinary)
	}
	progs := append([]string{RefAgentBinary}, accountPrograms...)
	files, err := withLibraries(progs)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := writeRefAgent(&b, files, accountFiles()); err != nil {
		return "", err
	}
	sum := sha256.Sum256(b.Bytes())
	layer := filepath.Join(dir, "qemu-ga-"+hex.EncodeToString(sum[:8])+".cpio.gz")
	if _, err := os.Stat(layer); err == nil {
		return layer, nil
	}
	gz, err := gzipBytes(b.Bytes())
	if err != nil {
		return "", err
	}
	return layer, writeAtomic(layer, gz)
}

// withLibraries returns progs and every library ldd names for them, each
// once, progs last.
func withLibraries(progs []string) ([]string, error) {
	var files []string
	seen := map[string]bool{}
	for _, p := range progs {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("%s not found: the VM suite copies it into the guest", p)
		}
		out, err := exec.Command("ldd", p).Output()
		if err != nil {
			return nil, fmt.Errorf("ldd %s: %v", p, err)
		}
		if bytes.Contains(out, []byte("statically linked")) {
			continue // pam_deny.so needs nothing, not even libc
		}
		libs, err := ParseLdd(out)
		if err != nil {
			return nil, err
		}
		for _, l := range libs {
			if !seen[l] {
				seen[l] = true
				files = append(files, l)
			}
		}
	}
	return append(files, progs...), nil
}

// writeRefAgent writes files (absolute paths, symlinks followed) into a
// cpio at the same paths, with their parent directories, then extra
// (whose directories must be among those or the base layer's).
func writeRefAgent(b *bytes.Buffer, files []string, extra []File) error {
	c := NewCPIO(b)
	dirs := map[string]bool{}
	for _, f := range append(files, extraDirs(extra)...) {
		for d := path.Dir(f); d != "/" && d != "."; d = path.Dir(d) {
			dirs[strings.TrimPrefix(d, "/")] = true
		}
	}
	names := make([]string, 0, len(dirs))
	for d := range dirs {
		names = append(names, d)
	}
	sort.Strings(names) // parents before children
	for _, d := range names {
		c.Dir(d, 0o755)
	}
	for _, f := range files {
		if err := addFile(c, strings.TrimPrefix(f, "/"), f, 0o755); err != nil {
			return err
		}
	}
	for _, f := range extra {
		if err := c.File(f.Name, f.Mode, f.Data); err != nil {
			return err
		}
	}
	return c.Close()
}

// ParseLdd reads ldd's output: the absolute path of every library
// resolved ("libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)") and
// of the loader ("/lib64/ld-linux-x86-64.so.2 (0x...)"); the vDSO has no
// file. A library ldd could not find is an error.
func ParseLdd(out []byte) ([]string, error) {
	var libs []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if strings.Contains(line, "=> not found") {
			return nil, fmt.Errorf("ldd: %s", line)
		}
		f := strings.Fields(line)
		p := f[0]
		if len(f) >= 3 && f[1] == "=>" {
			p = f[2]
		}
		if strings.HasPrefix(p, "/") && !strings.Contains(p, "..") {
			libs = append(libs, path.Clean(p))
		}
	}
	if len(libs) == 0 {
		return nil, fmt.Errorf("ldd named no library: %q", out)
	}
	return libs, nil
}

// extraDirs returns the extra files' paths, absolute, so writeRefAgent
// makes their parent directories too.
func extraDirs(extra []File) []string {
	var out []string
	for _, f := range extra {
		out = append(out, "/"+f.Name)
	}
	return out
}
