package main

import (
	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/actors/filesystem"
	"github.com/goqga/goqga/os/blockdev"
	osfreeze "github.com/goqga/goqga/os/freeze"
	"github.com/goqga/goqga/os/fsstat"
)

func init() {
	domains = append(domains, domainDef{name: filesystem.Name, specs: filesystem.Specs, logic: filesystemLogic})
}

// filesystemLogic reads the real mounts, sysfs and statvfs for --os
// linux (read-only, safe anywhere), or the simulated guest's storage.
func filesystemLogic(e *env) (domain.Logic, error) {
	var (
		mounts osfreeze.Lister = &osfreeze.Linux{}
		devs   blockdev.Source = blockdev.NewLinux()
		stat   fsstat.Source   = fsstat.Linux{}
	)
	if e.cfg.OS == "sim" {
		var err error
		if devs, err = blockdev.NewSim(e.world); err != nil {
			return nil, err
		}
		if stat, err = fsstat.NewSim(e.world); err != nil {
			return nil, err
		}
		mounts = osfreeze.ListerFunc(func() ([]osfreeze.Mount, error) { return osfreeze.SimMounts(e.world) })
	}
	return filesystem.New(filesystem.Deps{
		Mounts:  osfreeze.ListerWithFaults(mounts, e.faults),
		Devices: blockdev.WithFaults(devs, e.faults),
		Stat:    fsstat.WithFaults(stat, e.faults),
		Log:     e.log.Named(filesystem.Name),
	}), nil
}
