package freeze

import "slices"

// Mount is one mounted filesystem, as a line of /proc/self/mountinfo
// describes it.
type Mount struct {
	Path         string // mount point, unescaped
	Type         string // filesystem type
	Major, Minor uint32 // the device; major 0 is a virtual filesystem
	// Source is the mount source, unescaped ("/dev/vda1", "tmpfs",
	// "server:/export"): fsinfo and fstrim skip sources that are not
	// paths, and find a btrfs filesystem's device through it.
	Source string
}

// Freezable keeps the mounts qemu-ga would freeze, in mount order: a
// virtual filesystem (major 0) only when it is btrfs, whose subvolumes
// report major 0, and a device only the first time it appears (a bind
// mount of a frozen filesystem would just answer EBUSY).
func Freezable(mounts []Mount) []Mount {
	type dev struct{ major, minor uint32 }
	seen := map[dev]bool{}
	var out []Mount
	for _, m := range mounts {
		d := dev{m.Major, m.Minor}
		if (m.Major == 0 && m.Type != "btrfs") || seen[d] {
			continue
		}
		seen[d] = true
		out = append(out, m)
	}
	return out
}

// Paths returns the mount points of mounts, in order.
func Paths(mounts []Mount) []string {
	out := make([]string, len(mounts))
	for i, m := range mounts {
		out[i] = m.Path
	}
	return out
}

// Reversed returns paths in reverse order: filesystems are frozen from the
// last mounted to the first, so a filesystem is frozen after the ones
// mounted on top of it.
func Reversed(paths []string) []string {
	out := slices.Clone(paths)
	slices.Reverse(out)
	return out
}

// Local keeps the mounts qemu-ga's fsinfo and fstrim list, in mount
// order: every mount of a device, bind mounts included, and a btrfs
// mount (its mountinfo says 0:N) on the device its source names, found
// through devOf (stat of the node); other virtual filesystems are left
// out.
func Local(mounts []Mount, devOf func(source string) (uint32, uint32, error)) []Mount {
	var out []Mount
	for _, m := range mounts {
		if m.Major == 0 {
			if m.Type != "btrfs" {
				continue
			}
			major, minor, err := devOf(m.Source)
			if err != nil {
				continue
			}
			m.Major, m.Minor = major, minor
		}
		out = append(out, m)
	}
	return out
}
