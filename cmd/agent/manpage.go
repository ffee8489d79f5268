package main

import (
	"io"

	"github.com/goqga/goqga/config"
	"github.com/goqga/goqga/manpage"
)

// manPage is goqga(8): its OPTIONS are the flag set --help prints, its
// config section the text --help ends with.
func manPage(w io.Writer) error {
	return manpage.Write(w, manpage.Page{
		Name: "goqga", Section: "8", Version: Version, Manual: "System Administration",
		Summary:  "QEMU guest agent",
		Synopsis: "goqga [-m METHOD -p PATH] [OPTIONS]",
		Description: []string{
			"goqga runs inside a virtual machine and answers the hypervisor's JSON commands " +
				"(QEMU Guest Agent protocol) over a virtio-serial port, an ISA serial port, a unix socket or vsock. " +
				"libvirt, Proxmox, KubeVirt, OpenStack and QEMU's own client drive it. It is a drop-in " +
				"replacement for qemu-ga(8): the same options, config file, replies and error texts.",
			"Installed from its package, it is started by udev when the port org.qemu.guest_agent.0 " +
				"appears (systemd unit goqga.service, also reachable as qemu-guest-agent.service).",
		},
		Flags:       config.FlagSet(),
		ShowDefault: config.ShowDefault,
		Sections: []manpage.Section{
			{Title: "Configuration file", Paragraphs: []string{config.ConfigFileHelp,
				"The option --blacklist and the key blacklist are deprecated names of block-rpcs; " +
					"using them logs a warning. -D prints every effective option as such a file.",
				"  [general]\n  block-rpcs=guest-exec;guest-file-open;\n  freeze-timeout=5m"}},
			{Title: "Freezing", Paragraphs: []string{
				"guest-fsfreeze-freeze runs the hook (-F) with \"freeze\", then freezes every mounted " +
					"filesystem; guest-fsfreeze-thaw thaws them, then runs the hook with \"thaw\". While " +
					"frozen only commands that write nothing run, the log is held in memory, and if no thaw " +
					"comes within --freeze-timeout the agent thaws by itself. An agent killed while frozen " +
					"starts frozen (the marker is in the state directory). SIGTERM while frozen thaws first.",
				"The packaged hook /etc/qemu/fsfreeze-hook runs the executables in /etc/qemu/fsfreeze-hook.d/ " +
					"in name order for freeze and in reverse for thaw; the first that fails stops the freeze " +
					"(those before it are thawed). Their output goes to the journal (logger -t goqga-fsfreeze-hook)."}},
			{Title: "Signals", Paragraphs: []string{
				"SIGTERM, SIGINT: thaw if frozen, then exit. SIGUSR1: log one \"goqga stats\" line."}},
			{Title: "Files", Paragraphs: []string{
				"  /etc/qemu/qemu-ga.conf          config file ($QGA_CONF, -c)\n" +
					"  /etc/qemu/fsfreeze-hook         freeze hook (-F)\n" +
					"  /etc/qemu/fsfreeze-hook.d/      the hook's scripts\n" +
					"  /dev/virtio-ports/org.qemu.guest_agent.0   the default port\n" +
					"  /var/run/qga.state              handle counter (-t)\n" +
					"  /var/run/qga.state.isfrozen     present while frozen"}},
			{Title: "See also", Paragraphs: []string{"qga(1), qemu-ga(8), systemd.service(5)"}},
		},
	})
}
