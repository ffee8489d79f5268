package vm

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// BuildDeb builds the goqga package into dir with packaging/deb/build (as
// make deb does) and returns its path and version. The version is read
// once and handed to the build, so an edit during the build cannot make
// the two differ.
func BuildDeb(dir string) (deb, version string, err error) {
	root, err := repoRoot()
	if err != nil {
		return "", "", err
	}
	v, err := exec.Command("sh", filepath.Join(root, "packaging/version")).Output()
	if err != nil {
		return "", "", fmt.Errorf("packaging/version: %v", err)
	}
	version = strings.TrimSpace(string(v))
	cmd := exec.Command("sh", filepath.Join(root, "packaging/deb/build"), dir)
	cmd.Env = append(os.Environ(), "GOQGA_VERSION="+version)
	out, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("packaging/deb/build: %v\n%s", err, stderrOf(err))
	}
	return strings.TrimSpace(string(out)), version, nil
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return Tail(ee.Stderr, 3000)
	}
	return ""
}

// repoRoot is the module's directory (the test runs in test/vm).
func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("not in the goqga module")
	}
	return filepath.Dir(mod), nil
}

// BootDebian starts the Debian guest: o (from Prepare) with the root image
// root and a small disk (serial "debs") holding the files of debs, and
// waits until its control shell answers. It does not wait for the boot to
// finish (see WaitBooted).
func BootDebian(o Options, root, debs string, timeout time.Duration) (*Guest, error) {
	o.Root, o.MemMB = root, 512
	o.Guest.RootSerial = DebianRootSerial
	// The kernel's notices on the console (its banner, a reboot): when a
	// boot stalls, the console says how far it got.
	o.Guest.KernelArgs = append(append([]string{}, o.Guest.KernelArgs...), "loglevel=6")
	o.Guest.Disks = []Disk{{Serial: "debs", SizeMB: 32, From: debs}}
	o.Guest.RefAgent = false
	v, err := Start(o)
	if err != nil {
		return nil, err
	}
	g := &Guest{VM: v}
	if err := g.connectCtl(timeout); err != nil {
		g.Close()
		return nil, fmt.Errorf("%w\nconsole:\n%s", err, v.ConsoleTail())
	}
	return g, nil
}

func (g *Guest) connectCtl(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var err error
	if g.QMP == nil {
		if g.QMP, err = DialQMP(g.QMPSock, 10*time.Second); err != nil {
			return err
		}
	}
	if g.Ctl, err = DialCtl(g.CtlSock, 10*time.Second); err != nil {
		return err
	}
	if err = g.Ctl.WaitReady(time.Until(deadline)); err != nil {
		return err
	}
	_, err = g.Ctl.Must("true", time.Minute)
	return err
}

// Reconnect replaces the control shell's connection after a guest
// reboot: the shell behind it started again and prints its ready line
// to the next host.
func (g *Guest) Reconnect(timeout time.Duration) error {
	if g.Ctl != nil {
		g.Ctl.Close()
	}
	return g.connectCtl(timeout)
}

// WaitBooted waits until systemd has finished starting up ("running", or
// "degraded" when a unit failed: the caller looks at which).
func (g *Guest) WaitBooted(timeout time.Duration) (string, error) {
	out, _, err := g.Ctl.Run("systemctl is-system-running --wait", timeout)
	return strings.TrimSpace(out), err
}

// InstallDeb installs the package from the "debs" disk with dpkg, as an
// operator would, and returns dpkg's output. Its postinst starts the agent
// when the port exists.
func (g *Guest) InstallDeb() (string, error) {
	return g.Ctl.Must("mkdir -p /mnt/debs && mount -o ro /dev/disk/by-id/virtio-debs /mnt/debs && "+
		"dpkg -i /mnt/debs/goqga_*.deb && umount /mnt/debs", 2*time.Minute)
}
