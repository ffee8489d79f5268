package main

import (
	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/actors/stats"
	"github.com/goqga/goqga/os/kstat"
)

func init() {
	domains = append(domains, domainDef{name: stats.Name, specs: stats.Specs, logic: statsLogic})
}

// statsLogic reads the real counters for --os linux (read-only, safe
// anywhere) or the simulated guest's for --os sim.
func statsLogic(e *env) (domain.Logic, error) {
	var src kstat.Source
	if e.cfg.OS == "sim" {
		s, err := kstat.NewSim(e.world)
		if err != nil {
			return nil, err
		}
		src = s
	} else {
		src = kstat.NewLinux()
	}
	return stats.New(kstat.WithFaults(src, e.faults), e.log.Named(stats.Name)), nil
}
