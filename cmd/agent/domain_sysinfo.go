package main

import (
	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/actors/sysinfo"
	"github.com/goqga/goqga/os/clock"
	ossysinfo "github.com/goqga/goqga/os/sysinfo"
	"github.com/goqga/goqga/os/users"
)

func init() {
	domains = append(domains, domainDef{name: sysinfo.Name, specs: sysinfo.Specs, logic: sysinfoLogic})
}

// sysinfoLogic reads (and, for set-time, sets) the real guest's clocks
// for --os linux, the simulated guest's for --os sim. File reads run
// under deadlines outside the fault points, so an injected hang is
// bounded as a hung filesystem would be (the RTC's ioctls have their own).
func sysinfoLogic(e *env) (domain.Logic, error) {
	var (
		c clock.Clock
		i ossysinfo.Source
		u users.Source
	)
	if e.cfg.OS == "sim" {
		c, i, u = clock.NewSim(e.world, e.journal), ossysinfo.NewSim(e.world), users.NewSim(e.world)
	} else {
		c, i, u = clock.NewLinux(), ossysinfo.NewLinux(), users.NewLinux()
	}
	return sysinfo.New(sysinfo.Deps{
		Clock: clock.WithFaults(c, e.faults),
		Info:  ossysinfo.WithDeadline(ossysinfo.WithFaults(i, e.faults), ossysinfo.ReadDeadline),
		Users: users.WithDeadline(users.WithFaults(u, e.faults), users.ReadDeadline),
		Log:   e.log.Named(sysinfo.Name),
	}), nil
}
