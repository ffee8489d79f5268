package filesystem

import (
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/blockdev"
	"github.com/goqga/goqga/os/deadline"
	"github.com/goqga/goqga/os/freeze"
	"github.com/goqga/goqga/os/fsstat"
)

// Name is the domain's name (faults: actor.filesystem).
const Name = "filesystem"

// The domain's commands.
const (
	FsinfoCmd = "guest-get-fsinfo"
	DisksCmd  = "guest-get-disks"
)

// Specs declares the domain's commands. Both stay enabled while frozen,
// unlike qemu-ga, so KubeVirt's polling keeps working during a snapshot:
// they only read the mount table, sysfs and statvfs, none of which waits
// for a frozen filesystem, and the VM suite proves it on really frozen
// ext4 disks (docs/FREEZE.md).
var Specs = []command.Spec{
	{Name: FsinfoCmd, Domain: Name, AllowedFrozen: true},
	{Name: DisksCmd, Domain: Name, AllowedFrozen: true},
}

// Default deadlines. A statvfs or a sysfs walk answers in microseconds
// unless something is hung; libvirt's default agent timeout is 5 s.
const (
	DefaultStatTimeout  = 2 * time.Second
	DefaultSysfsTimeout = 2 * time.Second
)

// Deps are the domain's OS capabilities and bounds.
type Deps struct {
	Mounts       freeze.Lister
	Devices      blockdev.Source
	Stat         fsstat.Source
	StatTimeout  time.Duration // per statvfs; DefaultStatTimeout when 0
	SysfsTimeout time.Duration // per device walk; DefaultSysfsTimeout when 0
	Log          *zap.Logger
}

// Logic answers the domain's commands from Deps.
type Logic struct {
	d     Deps
	guard *deadline.Guard // shared by every request: a hung call is remembered
}

// New returns the domain's Logic.
func New(d Deps) *Logic {
	if d.Log == nil {
		d.Log = zap.NewNop()
	}
	if d.StatTimeout == 0 {
		d.StatTimeout = DefaultStatTimeout
	}
	if d.SysfsTimeout == 0 {
		d.SysfsTimeout = DefaultSysfsTimeout
	}
	return &Logic{d: d, guard: &deadline.Guard{}}
}

// Handle implements domain.Logic.
func (l *Logic) Handle(req *command.Request) domain.Step {
	var op func() (any, error)
	switch req.Spec.Name {
	case FsinfoCmd:
		op = l.fsinfo
	case DisksCmd:
		op = l.disks
	default:
		return domain.Now(req.Fail(command.NotFound(req.Spec.Name)))
	}
	return domain.Read(req, op)
}

// disks runs off the actor.
func (l *Logic) disks() (any, error) {
	ds, err := deadline.Run(l.guard, "disks", l.d.SysfsTimeout, l.d.Devices.Disks)
	if err != nil {
		return nil, fmt.Errorf("cannot list the guest's disks: %w", err)
	}
	if ds == nil {
		ds = []blockdev.Disk{}
	}
	for i := range ds {
		l.smart(&ds[i])
	}
	return ds, nil
}

// smart adds an NVMe disk's SMART log, as qemu-ga 7.1+ does; a log that
// cannot be read (no CAP_SYS_ADMIN, a hung controller) only leaves it
// out.
func (l *Logic) smart(d *blockdev.Disk) {
	if d.Partition || d.Address == nil || d.Address.BusType != "nvme" {
		return
	}
	s, err := deadline.Run(l.guard, "smart:"+d.Name, l.d.SysfsTimeout, func() (*blockdev.NVMeSmart, error) {
		return l.d.Devices.Smart(d.Name)
	})
	if err != nil {
		l.d.Log.Info("no SMART log", zap.String("disk", d.Name), zap.Error(err))
		return
	}
	d.Smart = s
}
