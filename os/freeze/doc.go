// Package freeze is the OS side of guest-fsfreeze-*: which filesystems a
// guest has (/proc/self/mountinfo), freezing and thawing one of them
// (FIFREEZE/FITHAW), and the STATEDIR/qga.state.isfrozen marker that tells
// a restarted agent it died while filesystems were frozen.
//
// The Freezer interface has three backends: Linux (freezer_linux.go, the
// real ioctls, never run on a development machine), Sim (the simulated
// guest of --os sim, which journals every freeze and thaw) and, in tests,
// fakes. WithFaults wraps any of them so every call passes the fault
// points os.mountinfo, os.freeze@MOUNT and os.thaw@MOUNT.
//
// The decisions qemu-ga makes around the calls are plain functions over a
// Freezer, the same for every backend: Freezable (skip virtual
// filesystems except btrfs, skip a device seen before), FreezeAll (skip
// EOPNOTSUPP and EBUSY, stop at any other error) and ThawAll (repeat
// FITHAW until it fails, count the mounts it thawed, and report the ones
// that may still be frozen: where qemu-ga takes any failure for "not
// frozen", only EINVAL, EOPNOTSUPP and a missing mount point are).
//
// The mount table is shared with the filesystem and trim domains: a
// Mount keeps its source, Local keeps the mounts qemu-ga's fsinfo and
// fstrim walk (every device mount, bind mounts included, btrfs through
// its source's device), Lister and ListerWithFaults list them with the
// os.mountinfo point, SimMounts lists the simulated guest's, and Watched
// (their Linux lister) parses the table again only when the kernel marks
// it changed.
//
// Invariants:
//   - ParseMountinfo never fails on content: a line it cannot read is
//     skipped, as qemu-ga does; it decodes the kernel's \ooo escapes.
//   - Every descriptor is opened close-on-exec and closed before the call
//     returns, except Watched's one open mount table; nothing here keeps
//     state except Sim and Watched (the last table it parsed, served
//     again only while poll(2) reports no change).
//   - ThawAll issues at most MaxThaws FITHAW per mount, so a filesystem
//     that never reports "not frozen" cannot spin the agent.
package freeze
