package filesystem

import (
	"fmt"

	"go.uber.org/zap"

	"github.com/goqga/goqga/os/blockdev"
	"github.com/goqga/goqga/os/deadline"
	"github.com/goqga/goqga/os/freeze"
	"github.com/goqga/goqga/os/fsstat"
)

// Filesystem is one entry of guest-get-fsinfo (qemu-ga's
// GuestFilesystemInfo).
type Filesystem struct {
	Name                 string             `json:"name"`
	Mountpoint           string             `json:"mountpoint"`
	Type                 string             `json:"type"`
	UsedBytes            *uint64            `json:"used-bytes,omitempty"`
	TotalBytes           *uint64            `json:"total-bytes,omitempty"`
	TotalBytesPrivileged *uint64            `json:"total-bytes-privileged,omitempty"`
	Disk                 []blockdev.Address `json:"disk"` // [] when none, never absent
}

// fsinfo runs off the actor.
func (l *Logic) fsinfo() (any, error) {
	mounts, err := blockdev.LocalMounts(l.d.Mounts, l.d.Devices, l.guard, l.d.SysfsTimeout)
	if err != nil {
		return nil, err
	}
	out := make([]*Filesystem, len(mounts))
	for i, m := range mounts {
		out[len(mounts)-1-i] = l.entry(m) // last mounted first, as qemu-ga
	}
	return out, nil
}

// entry builds one filesystem's entry; a failure costs only its own
// disks or sizes.
func (l *Logic) entry(m freeze.Mount) *Filesystem {
	fs := &Filesystem{Mountpoint: m.Path, Type: m.Type, Disk: []blockdev.Address{}}
	key := fmt.Sprintf("sysfs:%d:%d", m.Major, m.Minor)
	dev, err := deadline.Run(l.guard, key, l.d.SysfsTimeout, func() (blockdev.Device, error) {
		return l.d.Devices.Device(m.Major, m.Minor)
	})
	if err != nil {
		l.d.Log.Warn("cannot resolve a filesystem's disks", zap.String("mountpoint", m.Path), zap.Error(err))
		dev.Name = fmt.Sprintf("%d:%d", m.Major, m.Minor)
	}
	fs.Name = dev.Name
	if len(dev.Disks) > 0 {
		fs.Disk = dev.Disks
	}
	u, err := deadline.Run(l.guard, "statvfs:"+m.Path, l.d.StatTimeout, func() (fsstat.Usage, error) {
		return l.d.Stat.Statvfs(m.Path)
	})
	if err != nil {
		l.d.Log.Info("no sizes for a filesystem", zap.String("mountpoint", m.Path), zap.Error(err))
		return fs
	}
	used := (u.Blocks - u.Bfree) * u.Frsize
	total := (u.Blocks - u.Bfree + u.Bavail) * u.Frsize
	priv := u.Blocks * u.Frsize
	fs.UsedBytes, fs.TotalBytes, fs.TotalBytesPrivileged = &used, &total, &priv
	return fs
}
