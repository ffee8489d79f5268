// Command vmrun boots the goqga test guest (what `make vm` runs) and
// keeps it running until Ctrl-C, printing how to talk to its agent: a
// real Linux VM under QEMU, the agent on its virtio-serial port, two ext4
// data disks and an isolated NIC. With -debian (make vm-debian) it boots
// the Debian 12 guest instead, with systemd, and installs the goqga .deb
// in it, as TestDebianGuest does.
//
//	vmrun [-dir DIR] [-accel kvm|tcg] [-debian] [-- AGENT-ARGS...]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/goqga/goqga/test/vm"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "vmrun:", err)
		os.Exit(1)
	}
}

func run() error {
	dir := flag.String("dir", "", "directory for sockets, disks and logs (default: a new temporary one, removed at exit)")
	accel := flag.String("accel", "", "kvm or tcg (default: kvm when usable)")
	debian := flag.Bool("debian", false, "boot the Debian 12 guest (systemd) and install the goqga package in it")
	flag.Parse()
	if *dir == "" {
		d, err := os.MkdirTemp("", "goqga-vm-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		*dir = d
	}
	logf := func(f string, a ...any) { fmt.Fprintf(os.Stderr, f+"\n", a...) }
	o, err := vm.Prepare(*dir, logf)
	if err != nil {
		return err
	}
	o.Accel = *accel
	if extra := flag.Args(); len(extra) > 0 {
		o.Guest.AgentArgs = append(o.Guest.AgentArgs, extra...)
	}
	logf("booting the guest in %s ...", *dir)
	var g *vm.Guest
	if *debian {
		g, err = bootDebian(o, logf)
	} else {
		g, err = vm.Boot(o, 3*time.Minute)
	}
	if err != nil {
		return err
	}
	defer g.Close()
	// QEMU serves one client per socket: leave the shell to the user.
	g.Ctl.Close()
	printHelp(g, o, *debian)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	select {
	case <-sig:
		logf("stopping the VM")
	case <-g.Done():
		logf("QEMU exited: %s", g.QEMULog())
	}
	return nil
}

// bootDebian builds the package, boots the Debian guest with it and
// installs it (the agent starts through udev and systemd).
func bootDebian(o vm.Options, logf func(string, ...any)) (*vm.Guest, error) {
	deb, version, err := vm.BuildDeb(o.Dir)
	if err != nil {
		return nil, err
	}
	root, err := vm.DebianRoot(vm.CacheDir(), logf)
	if err != nil {
		return nil, err
	}
	debs, err := os.MkdirTemp(o.Dir, "debs-")
	if err != nil {
		return nil, err
	}
	if err := os.Rename(deb, filepath.Join(debs, filepath.Base(deb))); err != nil {
		return nil, err
	}
	g, err := vm.BootDebian(o, root, debs, 3*time.Minute)
	if err != nil {
		return nil, err
	}
	if _, err := g.WaitBooted(3 * time.Minute); err != nil {
		g.Close()
		return nil, err
	}
	logf("installing goqga %s with dpkg ...", version)
	if out, err := g.InstallDeb(); err != nil {
		g.Close()
		return nil, fmt.Errorf("%v\n%s", err, out)
	}
	return g, nil
}

func printHelp(g *vm.Guest, o vm.Options, debian bool) {
	disks := fmt.Sprintf("data disks: %s, %s", o.Guest.Disks[0].Mount, o.Guest.Disks[1].Mount)
	args := fmt.Sprint(o.Guest.AgentArgs)
	if debian {
		disks = "the root (systemctl status goqga, journalctl -u goqga in the guest shell)"
		args = "the package's: goqga.service and /etc/qemu/qemu-ga.conf"
	}
	fmt.Printf(`The goqga guest is running (QEMU, %s). Its agent serves the virtio-serial port
org.qemu.guest_agent.0, which QEMU exposes on a unix socket. Talk to it:

  go run ./cmd/qga -s %[2]s guest-info
  go run ./cmd/qga -s %[2]s guest-network-get-interfaces
  go run ./cmd/qga -s %[2]s guest-fsfreeze-freeze     # %[3]s
  go run ./cmd/qga -s %[2]s guest-fsfreeze-thaw

QEMU monitor (QMP):  %[4]s   (e.g. socat - UNIX-CONNECT:%[4]s)
guest shell:         %[5]s   (sh on the port org.goqga.ctl; no prompt: e.g. socat - UNIX-CONNECT:%[5]s)
console log:         %[6]s
agent arguments:     %[7]v

Press Ctrl-C to stop the VM.
`, g.Accel, g.QGASock, disks, g.QMPSock, g.CtlSock, g.Console.Path, args)
}
