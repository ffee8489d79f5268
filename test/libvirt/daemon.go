package libvirt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Tools the suite runs on the host: Debian's libvirt-daemon-system,
// libvirt-clients and libvirt-daemon-driver-qemu (.ci/run installs them
// with no service started).
var Tools = []string{"libvirtd", "virtlogd", "virsh", "mount", "ip"}

// InstallHint says what a machine needs for the suite.
const InstallHint = "install it: apt-get install libvirt-daemon-system libvirt-clients libvirt-daemon-driver-qemu iproute2 " +
	"(with a policy-rc.d that exits 101 so no service starts; .ci/run does this)"

// The daemons' configuration: QEMU runs as root with no relabelling,
// no cgroups and no private /dev, since the suite's files live in a
// temporary directory and the machine has no systemd. Nothing listens
// on TCP; the unix sockets are in the suite's directory.
const (
	libvirtdConf = `unix_sock_rw_perms = "0700"
auth_unix_rw = "none"
auth_unix_ro = "none"
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
`
	qemuConf = `user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
cgroup_controllers = [ ]
namespaces = [ ]
`
	virtlogdConf = `log_outputs = "3:file:/var/log/libvirt/virtlogd.log"
`
)

// nsScript is PID 1 of the daemons' namespaces (its own mount, network
// and PID namespace): it hides the host's libvirt state behind the
// suite's directory and tmpfs mounts, brings up lo (the only interface:
// the guest's user-mode NIC reaches nothing), starts virtlogd and
// libvirtd and waits. When it dies the kernel kills every process in the
// namespace, QEMU included, and the mounts go with it.
const nsScript = `set -eu
d=$1
mount --make-rprivate /
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir /run/libvirt
mount --bind "$d/run" /run/libvirt
mount --bind "$d/etc" /etc/libvirt
mount -t tmpfs -o mode=0755 tmpfs /var/lib/libvirt
mount -t tmpfs -o mode=0711 tmpfs /var/cache/libvirt
mount --bind "$d/log" /var/log/libvirt
mount -t sysfs sysfs /sys # the namespace's own view of /sys/class/net
ip link set lo up
virtlogd >"$d/log/virtlogd.out" 2>&1 &
libvirtd >"$d/log/libvirtd.out" 2>&1 &
wait
`

// Daemon is a private libvirtd and virtlogd in namespaces of their own.
type Daemon struct {
	Dir  string // etc, run (the sockets) and log live here
	Sock string // libvirtd's read-write socket
	URI  string // for virsh -c

	cmd  *exec.Cmd
	done chan struct{}
}

// RequireTools fails with what to install when the host lacks a tool.
func RequireTools() error {
	for _, t := range Tools {
		if _, err := exec.LookPath(t); err != nil {
			return fmt.Errorf("%s not found: %s", t, InstallHint)
		}
	}
	if os.Geteuid() != 0 {
		return errors.New("the libvirt suite runs libvirtd in namespaces of its own: it needs root")
	}
	return nil
}

// StartDaemon starts virtlogd and libvirtd in dir and waits until
// libvirtd answers.
func StartDaemon(dir string, timeout time.Duration) (*Daemon, error) {
	if err := RequireTools(); err != nil {
		return nil, err
	}
	d := &Daemon{Dir: dir, Sock: filepath.Join(dir, "run", "libvirt-sock"), done: make(chan struct{})}
	d.URI = "qemu:///system?socket=" + d.Sock
	for _, sub := range []string{"etc", "run", "log"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return nil, err
		}
	}
	for name, text := range map[string]string{"libvirtd.conf": libvirtdConf, "qemu.conf": qemuConf, "virtlogd.conf": virtlogdConf} {
		if err := os.WriteFile(filepath.Join(dir, "etc", name), []byte(text), 0o600); err != nil {
			return nil, err
		}
	}
	d.cmd = exec.Command("/bin/sh", "-c", nsScript, "sh", dir)
	d.cmd.Stdout, d.cmd.Stderr = nil, nil
	out, err := os.Create(filepath.Join(dir, "log", "ns.out"))
	if err != nil {
		return nil, err
	}
	d.cmd.Stdout, d.cmd.Stderr = out, out
	d.cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags: syscall.CLONE_NEWNS | syscall.CLONE_NEWNET | syscall.CLONE_NEWPID,
		Pdeathsig:  syscall.SIGKILL, // the daemons must not outlive a killed test binary
	}
	if err := d.cmd.Start(); err != nil {
		out.Close()
		return nil, err
	}
	go func() { d.cmd.Wait(); out.Close(); close(d.done) }()
	if err := d.waitReady(timeout); err != nil {
		d.Stop()
		return nil, err
	}
	return d, nil
}

func (d *Daemon) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var err error
	for time.Now().Before(deadline) {
		select {
		case <-d.done:
			return fmt.Errorf("the daemons' namespace ended: %s", d.Logs())
		default:
		}
		if _, serr := os.Stat(d.Sock); serr == nil {
			if _, err = d.Virsh(10*time.Second, "version"); err == nil {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("libvirtd did not answer in %v (%v): %s", timeout, err, d.Logs())
}

// Virsh runs virsh against the daemon and returns its standard output
// (not quiet: domfsfreeze's count is an informational message, which -q
// drops);
// a failure carries virsh's standard error.
func (d *Daemon) Virsh(timeout time.Duration, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "virsh", append([]string{"-c", d.URI}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	err := cmd.Run()
	if err != nil {
		return stdout.String(), fmt.Errorf("virsh %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// Logs is the end of the daemons' logs, for failure messages.
func (d *Daemon) Logs() string {
	var s strings.Builder
	for _, f := range []string{"ns.out", "libvirtd.out", "libvirtd.log", "virtlogd.out"} {
		b, err := os.ReadFile(filepath.Join(d.Dir, "log", f))
		if err == nil && len(b) > 0 {
			fmt.Fprintf(&s, "\n--- %s:\n%s", f, tail(b, 3000))
		}
	}
	return s.String()
}

// Stop kills the namespace's PID 1: the kernel then kills libvirtd,
// virtlogd and any QEMU they started, and the private mounts go away.
func (d *Daemon) Stop() {
	if d.cmd != nil && d.cmd.Process != nil {
		d.cmd.Process.Kill()
		<-d.done
	}
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
