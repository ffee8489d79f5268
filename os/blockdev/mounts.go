package blockdev

import (
	"errors"
	"fmt"
	"time"

	"github.com/goqga/goqga/os/deadline"
	"github.com/goqga/goqga/os/freeze"
)

// LocalMounts lists the mounts qemu-ga's fsinfo and fstrim walk
// (freeze.Local): a btrfs mount's device is found by stat of its source.
// Both the table and each stat run under the deadline d and g's memory of
// stuck calls: reading mountinfo waits while a mount or unmount holds the
// kernel's namespace lock (a dead NFS server can hold it for minutes).
func LocalMounts(l freeze.Lister, s Source, g *deadline.Guard, d time.Duration) ([]freeze.Mount, error) {
	all, err := deadline.Run(g, "mountinfo", d, l.Mounts)
	var te *deadline.TimeoutError
	if errors.As(err, &te) || errors.Is(err, deadline.ErrBusy) {
		return nil, fmt.Errorf("failed to read %s: %w", freeze.MountinfoPath, err)
	}
	if err != nil {
		return nil, err
	}
	return freeze.Local(all, func(source string) (uint32, uint32, error) {
		dev, err := deadline.Run(g, "stat:"+source, d, func() ([2]uint32, error) {
			major, minor, err := s.DevOf(source)
			return [2]uint32{major, minor}, err
		})
		return dev[0], dev[1], err
	}), nil
}
