package main

import (
	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/actors/net"
	"github.com/goqga/goqga/os/netinfo"
)

func init() {
	domains = append(domains, domainDef{name: net.Name, specs: net.Specs, logic: netLogic})
}

// netLogic reads the real network for --os linux (read-only, safe
// anywhere) or the simulated guest's interfaces and routes for --os sim.
func netLogic(e *env) (domain.Logic, error) {
	var src interface {
		netinfo.Source
		netinfo.RouteSource
	}
	if e.cfg.OS == "sim" {
		s, err := netinfo.NewSim(e.world)
		if err != nil {
			return nil, err
		}
		src = s
	} else {
		src = netinfo.NewLinux()
	}
	return net.New(netinfo.WithFaults(src, e.faults), netinfo.WithRouteFaults(src, e.faults), e.log.Named(net.Name)), nil
}
