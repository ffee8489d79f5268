package main

import (
	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/actors/hardware"
	"github.com/goqga/goqga/os/hotplug"
)

func init() {
	domains = append(domains, domainDef{name: hardware.Name, specs: hardware.Specs, logic: hardwareLogic})
}

// hardwareLogic changes real vCPUs and memory blocks only for --os linux
// (inside a guest); tests run --os sim, whose changes go to the journal.
func hardwareLogic(e *env) (domain.Logic, error) {
	var src hotplug.Source
	if e.cfg.OS == "sim" {
		s, err := hotplug.NewSim(e.world, e.journal)
		if err != nil {
			return nil, err
		}
		src = s
	} else {
		src = hotplug.NewLinux()
	}
	// Deadlines outside the faults, so an injected hang shows them.
	bounded := hotplug.WithDeadlines(hotplug.WithFaults(src, e.faults), hotplug.ReadDeadline, hotplug.WriteDeadline)
	return hardware.New(bounded, e.log.Named(hardware.Name)), nil
}
