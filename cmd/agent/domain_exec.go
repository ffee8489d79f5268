package main

import (
	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/actors/exec"
	"github.com/goqga/goqga/os/process"
)

func init() {
	domains = append(domains, domainDef{name: exec.Name, specs: exec.Specs, logic: execLogic})
}

// execLogic runs real programs for --os linux and the simulated guest's
// scripted ones for --os sim. An --exec-allow program that cannot be
// resolved stops the agent at start-up.
func execLogic(e *env) (domain.Logic, error) {
	var r process.Runner = process.NewLinux()
	if e.cfg.OS == "sim" {
		s, err := process.NewSim(e.world, e.journal)
		if err != nil {
			return nil, err
		}
		r = s
	}
	pol, err := exec.NewPolicy(r, e.cfg.ExecAllow) // before the faults: they act on requests
	if err != nil {
		return nil, err
	}
	return exec.New(exec.Deps{Runner: process.WithFaults(r, e.faults), Max: e.cfg.ExecMax, TTL: e.cfg.ExecTTL, Policy: pol,
		Log: e.log.Named(exec.Name), ReplyRoom: e.replies.WaitRoom}), nil
}
