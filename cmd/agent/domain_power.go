package main

import (
	"time"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/actors/power"
	ospower "github.com/goqga/goqga/os/power"
)

// flushTimeout bounds how long a power command waits for earlier replies
// to reach the host before the guest goes down anyway.
const flushTimeout = 3 * time.Second

func init() {
	domains = append(domains, domainDef{name: power.Name, specs: power.Specs, logic: powerLogic})
}

// powerLogic picks the guest's power backend: the real one only for
// --os linux, never in tests, which run --os sim.
func powerLogic(e *env) (domain.Logic, error) {
	var p ospower.Power
	if e.cfg.OS == "sim" {
		p = ospower.NewSim(e.world, e.journal)
	} else {
		p = ospower.NewLinux()
	}
	return power.New(ospower.WithFaults(p, e.faults), e.flush, e.log.Named(power.Name)), nil
}
