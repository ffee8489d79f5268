package blockdev

import (
	"fmt"

	"github.com/goqga/goqga/faults"
)

// WithFaults puts the fault point os.sysfs in front of s. Its target is
// the sysfs path a call starts from: /sys/dev/block/M:m for Device,
// /sys/block for Disks, and the device node for DevOf.
func WithFaults(s Source, inj *faults.Injector) Source {
	if inj == nil {
		return s
	}
	return faulty{s: s, inj: inj}
}

type faulty struct {
	s   Source
	inj *faults.Injector
}

func (f faulty) Device(major, minor uint32) (Device, error) {
	if err := f.inj.Hit(pointSysfs, fmt.Sprintf("/sys/dev/block/%d:%d", major, minor)); err != nil {
		return Device{}, err
	}
	return f.s.Device(major, minor)
}

func (f faulty) Disks() ([]Disk, error) {
	return faults.Call(f.inj, pointSysfs, "/sys/block", f.s.Disks)
}

func (f faulty) DevOf(path string) (uint32, uint32, error) {
	if err := f.inj.Hit(pointSysfs, path); err != nil {
		return 0, 0, err
	}
	return f.s.DevOf(path)
}

func (f faulty) Smart(node string) (*NVMeSmart, error) {
	if err := f.inj.Hit(pointSmart, node); err != nil {
		return nil, err
	}
	return f.s.Smart(node)
}

var pointSmart = faults.Declare("os.nvme_smart", "reading an NVMe disk's SMART log (guest-get-disks; a failure only drops smart)", "the device node")

var pointSysfs = faults.Declare("os.sysfs", "walking sysfs for a mount's device, listing /sys/block, finding a btrfs device", "/sys/dev/block/M:m, /sys/block, the device node")
