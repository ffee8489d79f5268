package vm

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// QEMUBinary is the emulator the suite runs.
const QEMUBinary = "qemu-system-x86_64"

// InstallHint says what a machine needs for the suite.
const InstallHint = "install it: apt-get install qemu-system-x86 e2fsprogs (the guest's kernel and busybox are " +
	"fetched with apt-get download; .ci/run does all this)"

// Fixed addresses of the guest: a documentation MAC prefix (QEMU's) and
// documentation ranges on a restricted user-mode network, so nothing the
// guest sends leaves QEMU.
var DefaultNIC = NIC{MAC: "52:54:00:12:34:56", IP4: "192.0.2.15/24", IP6: "2001:db8::15/64"}

// AgentPortID is the QEMU id of the agent's port, so a test can unplug and
// plug it (QMP device_del, device_add).
const AgentPortID = "qgaport0"

// DefaultDisks are the two ext4 data disks every guest gets.
var DefaultDisks = []Disk{{Serial: "data0", Mount: "/mnt/data0", SizeMB: 64}, {Serial: "data1", Mount: "/mnt/data1", SizeMB: 64}}

// Options describe one VM.
type Options struct {
	Dir    string // sockets, disks, initrd and logs go here
	Kernel string
	Base   string // the cached base layer of the initramfs
	// RefLayer is the cached layer with Debian's qemu-ga (RefAgentLayer),
	// added when Guest.RefAgent is set.
	RefLayer string
	Guest    GuestConfig
	Accel    string // "kvm" or "tcg"; empty: DetectAccel
	MemMB    int    // default 256
	// Root is a root filesystem image (the Debian guest's) attached
	// first, as /dev/vda, with serial DebianRootSerial; QEMU keeps the
	// guest's writes in a temporary overlay (snapshot=on), so the cached
	// image never changes and a guest reboot keeps them. Set
	// Guest.RootSerial to boot it.
	Root string
}

// VM is a running QEMU with the guest.
type VM struct {
	Dir     string
	QGASock string // the agent's virtio-serial port (QEMU serves it)
	QMPSock string
	CtlSock string // the guest's control shell (virtio-serial port org.goqga.ctl)
	RefSock string // Debian's qemu-ga in the guest (port RefAgentPort); "" unless Guest.RefAgent
	Console *Console
	Accel   string
	Args    []string // QEMU's command line

	cmd  *exec.Cmd
	done chan struct{}
	log  *os.File
}

// RequireTools fails with what to install when the host lacks a tool.
func RequireTools() error {
	for _, t := range []string{QEMUBinary, "mkfs.ext4", "apt-get", "dpkg"} {
		if _, err := exec.LookPath(t); err != nil {
			return fmt.Errorf("%s not found: %s", t, InstallHint)
		}
	}
	return nil
}

// Start writes the disks and the initrd and starts QEMU. It returns once
// QEMU runs; the guest boots on its own (see Console).
func Start(o Options) (*VM, error) {
	if err := RequireTools(); err != nil {
		return nil, err
	}
	if o.Accel == "" {
		o.Accel = DetectAccel()
	}
	if o.MemMB == 0 {
		o.MemMB = 256
	}
	v := &VM{Dir: o.Dir, QGASock: filepath.Join(o.Dir, "qga.sock"), QMPSock: filepath.Join(o.Dir, "qmp.sock"),
		CtlSock: filepath.Join(o.Dir, "ctl.sock"), Console: &Console{Path: filepath.Join(o.Dir, "console.log")},
		Accel: o.Accel, done: make(chan struct{})}
	if o.Guest.RefAgent {
		v.RefSock = filepath.Join(o.Dir, "qga-ref.sock")
	}
	f, err := WriteFiles(o)
	if err != nil {
		return nil, err
	}
	var drives []string
	if o.Root != "" {
		drives = append(drives, "-drive", "file="+o.Root+",if=none,id=root,format=raw,snapshot=on",
			"-device", "virtio-blk-pci,drive=root,serial="+DebianRootSerial)
	}
	for i, img := range f.Disks {
		drives = append(drives, "-drive", fmt.Sprintf("file=%s,if=none,id=d%d,format=raw,discard=unmap", img, i),
			"-device", fmt.Sprintf("virtio-blk-pci,drive=d%d,serial=%s", i, o.Guest.Disks[i].Serial))
	}
	v.Args = append(append(qemuArgs(o, v, f.Initrd), drives...), o.Guest.QEMUArgs...)
	return v, v.start()
}

// Files are what a guest boots from, written into its directory: the
// initrd (the cached base layer and this boot's layer) and one fresh ext4
// image per data disk, in the order of GuestConfig.Disks.
type Files struct {
	Initrd string
	Disks  []string
}

// WriteFiles writes o's initrd and data disks into o.Dir. Start uses it;
// so does any other launcher of the same guest (test/libvirt).
func WriteFiles(o Options) (Files, error) {
	base, err := os.ReadFile(o.Base)
	if err != nil {
		return Files{}, err
	}
	run, err := RunLayer(o.Guest)
	if err != nil {
		return Files{}, err
	}
	if o.Guest.RefAgent {
		ref, err := os.ReadFile(o.RefLayer)
		if err != nil {
			return Files{}, fmt.Errorf("the reference agent's layer: %w", err)
		}
		base = append(base, ref...)
	}
	f := Files{Initrd: filepath.Join(o.Dir, "initrd.gz")}
	if err := os.WriteFile(f.Initrd, append(base, run...), 0o644); err != nil {
		return Files{}, err
	}
	for _, d := range o.Guest.Disks {
		img := filepath.Join(o.Dir, d.Serial+".img")
		if err := makeExt4(img, d.SizeMB, d.From); err != nil {
			return Files{}, err
		}
		f.Disks = append(f.Disks, img)
	}
	return f, nil
}

// KernelCmdline is the guest kernel's command line: the serial console,
// no reboot on panic, S3 as the suspend to RAM, and the boot's own
// arguments.
func KernelCmdline(g GuestConfig) string {
	return strings.Join(append([]string{"console=ttyS0 quiet panic=0 mem_sleep_default=deep"}, g.KernelArgs...), " ")
}

// qemuArgs is the command line (see docs/VM.md for why each part).
func qemuArgs(o Options, v *VM, initrd string) []string {
	machine, cpu := "pc,accel=tcg", "qemu64"
	if o.Accel == "kvm" {
		machine, cpu = "pc,accel=kvm", "host"
	}
	n := o.Guest.NIC
	var ref []string
	if v.RefSock != "" {
		ref = []string{"-chardev", "socket,id=qgaref0,path=" + v.RefSock + ",server=on,wait=off",
			"-device", "virtserialport,bus=vser0.0,nr=3,chardev=qgaref0,name=" + RefAgentPort}
	}
	return append([]string{
		"-nodefaults", "-no-user-config", "-display", "none", "-machine", machine, "-cpu", cpu,
		"-m", memory(o), "-smp", strconv.Itoa(max(o.Guest.SMP, 1)), "-no-shutdown", "-global", "PIIX4_PM.disable_s3=0",
		"-kernel", o.Kernel, "-initrd", initrd,
		"-append", KernelCmdline(o.Guest),
		"-chardev", "file,id=con0,path=" + v.Console.Path, "-device", "isa-serial,chardev=con0",
		"-chardev", "socket,id=mon0,path=" + v.QMPSock + ",server=on,wait=off", "-mon", "chardev=mon0,mode=control",
		"-device", "virtio-serial-pci,id=vser0",
		"-chardev", "socket,id=qga0,path=" + v.QGASock + ",server=on,wait=off",
		"-device", "virtserialport,bus=vser0.0,nr=1,chardev=qga0,name=org.qemu.guest_agent.0,id=" + AgentPortID,
		"-chardev", "socket,id=ctl0,path=" + v.CtlSock + ",server=on,wait=off",
		"-device", "virtserialport,bus=vser0.0,nr=2,chardev=ctl0,name=org.goqga.ctl",
		"-netdev", "user,id=n0,restrict=on,net=192.0.2.0/24,ipv6-net=2001:db8::/64",
		"-device", "virtio-net-pci,netdev=n0,mac=" + n.MAC + ",romfile=",
	}, ref...)
}

func (v *VM) start() error {
	log, err := os.Create(filepath.Join(v.Dir, "qemu.log"))
	if err != nil {
		return err
	}
	v.log = log
	v.cmd = exec.Command(QEMUBinary, v.Args...)
	v.cmd.Stdout, v.cmd.Stderr = log, log
	// QEMU must not outlive a test binary that is killed.
	v.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := v.cmd.Start(); err != nil {
		log.Close()
		return err
	}
	go func() { v.cmd.Wait(); log.Close(); close(v.done) }()
	for _, s := range []string{v.QMPSock, v.CtlSock, v.QGASock, v.RefSock} {
		if s == "" {
			continue
		}
		if err := v.waitFile(s, 30*time.Second); err != nil {
			v.Kill()
			return err
		}
	}
	return nil
}

func (v *VM) waitFile(path string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		if _, err := os.Stat(path); err == nil {
			return nil
		}
		select {
		case <-v.done:
			return fmt.Errorf("qemu exited: %s", v.QEMULog())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("qemu made no %s in %v: %s", path, timeout, v.QEMULog())
		}
	}
}

// QEMULog is QEMU's own output (errors about its command line).
func (v *VM) QEMULog() string {
	b, _ := os.ReadFile(filepath.Join(v.Dir, "qemu.log"))
	return strings.TrimSpace(string(b))
}

// Done is closed when QEMU has exited.
func (v *VM) Done() <-chan struct{} { return v.done }

// Kill stops QEMU at once and waits for it.
func (v *VM) Kill() {
	if v.cmd != nil && v.cmd.Process != nil {
		v.cmd.Process.Kill()
		<-v.done
	}
}

// makeExt4 makes a sparse raw disk image holding an ext4, empty or with
// the contents of the directory from.
func makeExt4(path string, sizeMB int, from string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = f.Truncate(int64(sizeMB) << 20)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	args := []string{"-q", "-F", path}
	if from != "" {
		args = append([]string{"-d", from}, args...)
	}
	out, err := exec.Command("mkfs.ext4", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("mkfs.ext4 %s: %v: %s", path, err, out)
	}
	return nil
}

// DetectAccel picks KVM only when the CPU has vmx/svm and QEMU can create
// a KVM machine; otherwise TCG. (Some hosts have a /dev/kvm that creates
// VMs but cannot run an ordinary kernel: without vmx/svm it is not used.)
func DetectAccel() string {
	cpuinfo, err := os.ReadFile("/proc/cpuinfo")
	if err != nil || !HasVirtExtensions(cpuinfo) {
		return "tcg"
	}
	f, err := os.OpenFile("/dev/kvm", os.O_RDWR, 0)
	if err != nil {
		return "tcg"
	}
	f.Close()
	cmd := exec.Command(QEMUBinary, "-machine", "none,accel=kvm", "-nodefaults", "-no-user-config",
		"-display", "none", "-S", "-monitor", "stdio")
	cmd.Stdin = strings.NewReader("quit\n")
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		return "tcg"
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err == nil {
			return "kvm"
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		<-done
	}
	return "tcg"
}

// memory is QEMU's -m: the size, and memory slots when the guest takes
// DIMMs (GuestConfig.MaxMemMB).
func memory(o Options) string {
	m := strconv.Itoa(o.MemMB) + "M"
	if o.Guest.MaxMemMB > 0 {
		m += ",slots=2,maxmem=" + strconv.Itoa(o.Guest.MaxMemMB) + "M"
	}
	return m
}
