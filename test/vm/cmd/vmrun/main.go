// Command vmrun boots the goqga test guest (what `make vm` runs) and
// keeps it running until Ctrl-C, printing how to talk to its agent: a
// real Linux VM under QEMU, the agent on its virtio-serial port, two ext4
// data disks and an isolated NIC.
//
//	vmrun [-dir DIR] [-accel kvm|tcg] [-- AGENT-ARGS...]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
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
	g, err := vm.Boot(o, 3*time.Minute)
	if err != nil {
		return err
	}
	defer g.Close()
	// QEMU serves one client per socket: leave the shell to the user.
	g.Ctl.Close()
	printHelp(g, o)
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

func printHelp(g *vm.Guest, o vm.Options) {
	fmt.Printf(`The goqga guest is running (QEMU, %s). Its agent serves the virtio-serial port
org.qemu.guest_agent.0, which QEMU exposes on a unix socket. Talk to it:

  go run ./cmd/qga -s %[2]s guest-info
  go run ./cmd/qga -s %[2]s guest-network-get-interfaces
  go run ./cmd/qga -s %[2]s guest-fsfreeze-freeze     # data disks: %[3]s, %[4]s
  go run ./cmd/qga -s %[2]s guest-fsfreeze-thaw

QEMU monitor (QMP):  %[5]s   (e.g. socat - UNIX-CONNECT:%[5]s)
guest shell:         %[6]s   (sh on the port org.goqga.ctl; no prompt: e.g. socat - UNIX-CONNECT:%[6]s)
console log:         %[7]s
agent arguments:     %[8]v

Press Ctrl-C to stop the VM.
`, g.Accel, g.QGASock, o.Guest.Disks[0].Mount, o.Guest.Disks[1].Mount, g.QMPSock, g.CtlSock, g.Console.Path, o.Guest.AgentArgs)
}
