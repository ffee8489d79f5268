// Package blockdev is the OS boundary of fsinfo's and guest-get-disks's
// device facts: which block device a filesystem lives on, the real disks
// under it, and where each disk sits on its bus (GuestDiskAddress).
//
// Sources:
//   - Walker reads a Linux sysfs the way qemu-ga does, without libudev:
//     realpath of /sys/dev/block/M:m; a device under
//     /devices/virtual/block/ (device-mapper, LVM, MD) is followed through
//     its slaves/ links; a real one's path gives its bus (resolve: PCI
//     controllers by driver, SCSI addresses after "target", ATA ports and
//     SCSI hosts ranked among their siblings, ccw and virtio-mmio), its
//     uevent the node (/dev/DEVNAME), udev's database
//     (/run/udev/data/bM:m) the serial and device-mapper alias, and a
//     virtio disk's sysfs serial stands in when udev has none. Root
//     relocates it onto a tree built from samples (testdata/sysfs).
//   - Sim serves the simulated guest's World.Storage.Disks.
//
// WithFaults puts the fault point os.sysfs in front of either (targets
// /sys/dev/block/M:m, /sys/block, a device node). LocalMounts lists the
// mounts fsinfo and fstrim walk, with btrfs resolved through DevOf.
//
// Invariants:
//   - Every address has pci-controller, bus-type, bus, target and unit
//     (Unknown: -1 and "unknown", as qemu-ga), whatever the path says;
//     the path parsers never panic (FuzzResolve).
//   - A walk is bounded: at most 8 levels of slaves, 4096 directory
//     entries, 4096 bytes per attribute file; every file is closed before
//     the call returns.
//   - Nothing here writes; callers run every call under a deadline, off
//     the actor (a hung device can block a sysfs read).
package blockdev
