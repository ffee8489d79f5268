// Package vm boots real Linux guests under QEMU with goqga inside, on the
// real virtio-serial port, and drives them from the host as libvirt,
// Proxmox and QEMU's own client do. It is the only place where the real
// freeze, shutdown and suspend run: inside a VM, never on the host.
//
// The guest is made of Debian packages, downloaded (apt-get download) and
// unpacked (dpkg -x), never installed: linux-image-amd64's image package
// and busybox-static. Only the kernel, the fifteen modules the guest needs
// (ModuleOrder, from each module's .modinfo) and busybox are kept, in
// CacheDir, keyed by package versions. The initramfs is two gzip'd newc
// cpio archives (CPIO) concatenated: a base layer cached under a hash of
// its contents, and a per-boot layer with the agent (built CGO_ENABLED=0)
// and the boot's configuration (GuestConfig).
//
// The guest's PID 1 (guest/init, busybox sh) mounts what a distro mounts,
// loads the modules, links the virtio ports as udev would, mounts the data
// disks by serial, configures the NIC by MAC, then execs busybox init,
// which respawns the agent (guest/agent-run) and a control shell on a
// second virtio-serial port (guest/ctl, driven by Ctl), and carries out
// poweroff/reboot/halt. Markers on the console (ttyS0, a file: Console)
// tell the host what happened. The host side is a QMP client (QMP) and
// the project's own agent client.
//
// A second guest is a real distribution (TestDebianGuest): a Debian 12
// root made by mmdebstrap (DebianRoot, cached by package versions) that the
// same initramfs mounts and hands to systemd (GuestConfig.RootSerial); the
// goqga .deb (BuildDeb) is installed in it with dpkg, so the package's own
// unit, udev rule and hook are what run.
//
// Invariants:
//   - Nothing the guest sends leaves QEMU: the NIC is on a restricted
//     user-mode network with documentation addresses.
//   - QEMU dies with the process that started it (Pdeathsig), and every
//     wait has a deadline; a kernel panic on the console ends a wait at
//     once.
//   - Every table is bounded: modules (maxModules), QMP events
//     (maxEvents), control shell output (maxCtlOutput).
//   - Values that reach the guest's shell are checked against safeWord:
//     nothing is quoted, nothing can inject commands.
//   - A cache entry is complete or absent: it is built aside and renamed
//     into place with a "done" file.
//
// The cases that boot guests are built with -tags vm (docs/VM.md); the
// package's own unit and fuzz tests run in every go test.
package vm
