package main

import (
	"github.com/goqga/goqga/actors/credentials"
	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/os/accounts"
)

func init() {
	domains = append(domains, domainDef{name: credentials.Name, specs: credentials.Specs, logic: credentialsLogic})
}

// credentialsLogic changes real passwords and keys for --os linux (only
// ever inside a guest: tests run it in a VM) or the simulated guest's
// users for --os sim.
func credentialsLogic(e *env) (domain.Logic, error) {
	var a accounts.Accounts
	if e.cfg.OS == "sim" {
		s, err := accounts.NewSim(e.world, e.journal)
		if err != nil {
			return nil, err
		}
		a = s
	} else {
		a = accounts.NewLinux()
	}
	return credentials.New(accounts.WithFaults(a, e.faults), e.log.Named(credentials.Name)), nil
}
