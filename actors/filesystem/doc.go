// Package filesystem is the domain of guest-get-fsinfo and
// guest-get-disks: what is mounted, how full it is, and which disks it
// lives on, in qemu-ga's shapes (docs/FILESYSTEM.md).
//
// guest-get-fsinfo replays qemu-ga's walk:
//   - the mounts of /proc/self/mountinfo on a device (bind mounts
//     included), and btrfs mounts on the device their source names
//     (os/freeze.Local), listed last-mounted first (qemu-ga prepends;
//     libvirt reverses the array back);
//   - name: the kernel's name of the device (vda1, dm-0);
//   - disk: the real disks under it, through device-mapper, LVM and MD
//     slaves, each with bus-type, bus, target, unit and pci-controller
//     always present (-1 and "unknown" when unknown), dev from the
//     uevent, serial from udev (or a virtio disk's sysfs attribute when
//     the guest has no udev) (os/blockdev);
//   - used-bytes = (f_blocks - f_bfree) * f_frsize, total-bytes = (used +
//     f_bavail) * f_frsize, total-bytes-privileged = f_blocks * f_frsize,
//     all three omitted when statvfs fails.
//
// guest-get-disks lists /sys/block with partitions and dependencies
// (os/blockdev.Disks), and an NVMe disk's SMART log (Source.Smart, under
// the deadline; unreadable: left out).
//
// Invariants:
//   - Logic holds no state; every OS call runs in the Op, off the actor.
//   - Every statvfs and sysfs walk runs under a deadline (os/deadline):
//     a hung mount or device costs its own entry's sizes or disks, never
//     the reply, and a call still stuck from an earlier request is not
//     repeated.
//   - A failure to read one device costs that entry's disk list (logged),
//     where qemu-ga fails the whole command; only an unreadable mount
//     table fails guest-get-fsinfo.
package filesystem
