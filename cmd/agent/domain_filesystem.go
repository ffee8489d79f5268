package main

import (
	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/actors/filesystem"
	"github.com/goqga/goqga/actors/trim"
	"github.com/goqga/goqga/os/blockdev"
	osfreeze "github.com/goqga/goqga/os/freeze"
	"github.com/goqga/goqga/os/fsstat"
	ostrim "github.com/goqga/goqga/os/trim"
)

// Two domains share the storage backends: filesystem (fsinfo, disks) and
// trim (fstrim), apart so that a trim of minutes never holds up fsinfo.
func init() {
	domains = append(domains,
		domainDef{name: filesystem.Name, specs: filesystem.Specs, logic: filesystemLogic},
		domainDef{name: trim.Name, specs: trim.Specs, logic: trimLogic})
}

// storage is the OS side both domains read: the mounts and the block
// devices, real for --os linux (read-only, safe anywhere), or the
// simulated guest's.
func storage(e *env) (osfreeze.Lister, blockdev.Source, error) {
	if e.cfg.OS != "sim" {
		// Watched parses the table again only when the kernel reports a
		// mount or unmount (the freeze domain reads it afresh instead).
		return osfreeze.ListerWithFaults(&osfreeze.Watched{}, e.faults), blockdev.WithFaults(blockdev.NewLinux(), e.faults), nil
	}
	devs, err := blockdev.NewSim(e.world)
	if err != nil {
		return nil, nil, err
	}
	mounts := osfreeze.ListerFunc(func() ([]osfreeze.Mount, error) { return osfreeze.SimMounts(e.world) })
	return osfreeze.ListerWithFaults(mounts, e.faults), blockdev.WithFaults(devs, e.faults), nil
}

func filesystemLogic(e *env) (domain.Logic, error) {
	mounts, devs, err := storage(e)
	if err != nil {
		return nil, err
	}
	var stat fsstat.Source = fsstat.Linux{}
	if e.cfg.OS == "sim" {
		if stat, err = fsstat.NewSim(e.world); err != nil {
			return nil, err
		}
	}
	return filesystem.New(filesystem.Deps{
		Mounts: mounts, Devices: devs, Stat: fsstat.WithFaults(stat, e.faults),
		Log: e.log.Named(filesystem.Name),
	}), nil
}

// trimLogic issues real FITRIMs only for --os linux, which runs only
// inside a guest; tests on a development machine use --os sim or block
// guest-fstrim.
func trimLogic(e *env) (domain.Logic, error) {
	mounts, devs, err := storage(e)
	if err != nil {
		return nil, err
	}
	var t ostrim.Trimmer = ostrim.Linux{}
	if e.cfg.OS == "sim" {
		if t, err = ostrim.NewSim(e.world, e.journal); err != nil {
			return nil, err
		}
	}
	return trim.New(trim.Deps{
		Mounts: mounts, Devices: devs, Trimmer: ostrim.WithFaults(t, e.faults),
		Log: e.log.Named(trim.Name),
	}), nil
}
