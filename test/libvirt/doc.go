// Package libvirt runs the VM suite's guest (package test/vm) under
// Debian's libvirt and drives its agent through virsh, the host client
// KubeVirt, OpenStack and oVirt reach agents through. libvirt parses
// replies more strictly than the project's own clients and connects
// only when QEMU reports the guest opened the port.
//
// The suite starts its own virtlogd and libvirtd (Daemon) as children of
// a shell that is PID 1 of new mount, network and PID namespaces: the
// host's /etc/libvirt, /run, /var/lib/libvirt and /var/log/libvirt are
// hidden behind the suite's directory and tmpfs mounts, and the only
// network interface is lo. The guest is a persistent domain (DomainXML):
// TCG (KVM when usable), direct kernel boot of the VM suite's kernel and
// initramfs, the agent's channel as <channel type='unix'> with target
// org.qemu.guest_agent.0, the control shell on a second channel, the two
// ext4 data disks with discard, S3 enabled, a user-mode NIC.
//
// Invariants:
//   - Nothing outlives the suite: the namespace's PID 1 dies with the
//     test binary (Pdeathsig), and its death kills every process in the
//     namespace (libvirtd, virtlogd, QEMU).
//   - Nothing the guest sends leaves the namespace, which has only lo.
//   - The host's libvirt configuration and state are never read or
//     written: the namespace mounts over them.
//   - Every wait has a deadline.
//
// The cases that boot guests are built with -tags libvirt
// (docs/LIBVIRT.md); the package's unit tests run in every go test.
package libvirt
