package vm

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

//go:embed guest
var guestFiles embed.FS

// GuestConfig is what one boot of the guest looks like: the per-run
// layer of the initramfs.
type GuestConfig struct {
	Agent     string   // the agent binary (static)
	AgentArgs []string // its arguments; none may contain white space
	Disks     []Disk   // data disks to mount by serial
	NIC       NIC
	NoTools   bool   // remove /sbin/poweroff, halt, reboot: a minimal guest
	NoLinks   bool   // no /dev/virtio-ports links: the agent finds its port itself
	NoAgent   bool   // goqga does not run (test/libvirt runs qemu-ga alone on its port)
	Extra     []File // more files for this boot's layer (a test's fsfreeze hook)
	// RefAgent also runs Debian's qemu-ga in the guest, on the port
	// RefAgentPort, with RefAgentArgs (DefaultRefAgentArgs when nil);
	// Options.RefLayer must hold it (RefAgentLayer).
	RefAgent     bool
	RefAgentArgs []string
	// SMP is the guest's vCPU count (QEMU -smp); 0 is 1.
	SMP int
	// KernelArgs are added to the kernel's command line (ipv6.disable=1).
	KernelArgs []string
	// QEMUArgs are added to QEMU's (a memory DIMM); MaxMemMB > 0 gives
	// the machine memory slots up to that size.
	QEMUArgs []string
	MaxMemMB int
	// RootSerial: the init mounts the disk with this serial as the root
	// and hands over to its systemd (the Debian guest); the agent and the
	// rest of this config are then the root's business.
	RootSerial string
}

// File is one file of a boot's layer. Its directory must be one the
// layers make (bin, etc, etc/goqga): the kernel's unpacker makes no
// parent directories.
type File struct {
	Name string // relative, e.g. etc/goqga/fsfreeze-hook
	Mode uint32
	Data []byte
}

// Disk is a data disk: QEMU gives it the serial, the guest mounts it.
type Disk struct {
	Serial string
	Mount  string
	SizeMB int
	From   string // a host directory whose contents the new ext4 gets ("": empty)
}

// NIC is the guest's network card and its static addresses.
type NIC struct {
	MAC, IP4, IP6 string // IP4, IP6 with prefix length: 192.0.2.15/24
}

// safeWord is what may go into the guest's shell environment unquoted.
var safeWord = regexp.MustCompile(`^[A-Za-z0-9_./:=@,*()+-]*$`)

// BaseLayer returns the gzip'd cpio of the guest's fixed parts (busybox,
// modules, scripts), cached in dir under a hash of its inputs.
func BaseLayer(a *Assets, dir string) (string, error) {
	var b bytes.Buffer
	if err := writeBase(&b, a); err != nil {
		return "", err
	}
	sum := sha256.Sum256(b.Bytes())
	out := filepath.Join(dir, "base-"+hex.EncodeToString(sum[:8])+".cpio.gz")
	if _, err := os.Stat(out); err == nil {
		return out, nil
	}
	gz, err := gzipBytes(b.Bytes())
	if err != nil {
		return "", err
	}
	return out, writeAtomic(out, gz)
}

func writeBase(b *bytes.Buffer, a *Assets) error {
	c := NewCPIO(b)
	for _, d := range []string{"bin", "dev", "etc", "etc/goqga", "lib", "lib/modules", "lib/modules/goqga"} {
		c.Dir(d, 0o755)
	}
	c.CharDev("dev/console", 0o600, 5, 1) // init's stdio before devtmpfs
	if err := addFile(c, "bin/busybox", a.Busybox, 0o755); err != nil {
		return err
	}
	var names []string
	for _, m := range a.Modules {
		names = append(names, ModName(m))
		if err := addFile(c, "lib/modules/goqga/"+ModName(m)+".ko", m, 0o644); err != nil {
			return err
		}
	}
	c.File("etc/goqga/modules", 0o644, []byte(strings.Join(names, "\n")+"\n"))
	for _, s := range []struct{ src, dst string }{{"init", "init"}, {"agent-run", "etc/goqga/agent-run"},
		{"ctl", "etc/goqga/ctl"}, {"qemu-ga-run", "etc/goqga/qemu-ga-run"}} {
		data, err := guestFiles.ReadFile("guest/" + s.src)
		if err != nil {
			return err
		}
		c.File(s.dst, 0o755, data)
	}
	return c.Close()
}

// RunLayer returns the gzip'd cpio of one boot's parts: the agent, its
// arguments and the guest's configuration.
func RunLayer(g GuestConfig) ([]byte, error) {
	env, err := g.env()
	if err != nil {
		return nil, err
	}
	agent, err := os.ReadFile(g.Agent)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	c := NewCPIO(&b)
	c.Dir("bin", 0o755)
	c.Dir("etc", 0o755)
	c.Dir("etc/goqga", 0o755)
	c.File("bin/goqga-agent", 0o755, agent)
	c.File("etc/goqga/args", 0o644, []byte(strings.Join(g.AgentArgs, " ")+"\n"))
	if g.RefAgent {
		c.File("etc/goqga/ref-args", 0o644, []byte(strings.Join(g.refArgs(), " ")+"\n"))
	}
	c.File("etc/goqga/vm.env", 0o644, []byte(env))
	for _, f := range g.Extra {
		if err := c.File(f.Name, f.Mode, f.Data); err != nil {
			return nil, err
		}
	}
	if err := c.Close(); err != nil {
		return nil, err
	}
	return gzipBytes(b.Bytes())
}

// refArgs are the reference agent's extra arguments.
func (g GuestConfig) refArgs() []string {
	if g.RefAgentArgs == nil {
		return DefaultRefAgentArgs
	}
	return g.RefAgentArgs
}

// env renders vm.env, which the init script sources. Every value must be
// a safe word, so nothing needs quoting and nothing can inject commands.
func (g GuestConfig) env() (string, error) {
	var disks []string
	for _, d := range g.Disks {
		disks = append(disks, d.Serial+":"+d.Mount)
	}
	vars := map[string]string{
		"DISKS": strings.Join(disks, " "), "NIC_MAC": g.NIC.MAC, "NIC_IP4": g.NIC.IP4, "NIC_IP6": g.NIC.IP6,
		"NO_TOOLS": flag01(g.NoTools), "NO_LINKS": flag01(g.NoLinks),
		"NO_AGENT": flag01(g.NoAgent), "ROOT_SERIAL": g.RootSerial,
	}
	words := append(append([]string{}, g.AgentArgs...), g.refArgs()...)
	words = append(words, disks...)
	words = append(words, g.NIC.MAC, g.NIC.IP4, g.NIC.IP6, g.RootSerial)
	for _, w := range words {
		if !safeWord.MatchString(w) {
			return "", fmt.Errorf("guest config: %q has characters the guest's shell would interpret", w)
		}
	}
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var s strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&s, "%s='%s'\n", k, vars[k])
	}
	return s.String(), nil
}

func flag01(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func addFile(c *CPIO, name, src string, perm uint32) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return c.File(name, perm, data)
}

func gzipBytes(b []byte) ([]byte, error) {
	var out bytes.Buffer
	w, _ := gzip.NewWriterLevel(&out, gzip.BestSpeed)
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// writeAtomic writes through a temporary file and a rename, so a
// concurrent reader never sees half a file.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
