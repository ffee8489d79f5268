package net

import (
	"fmt"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/netinfo"
)

// Name is the domain's name (faults: actor.net).
const Name = "net"

// Specs declares the domain's commands.
// guest-network-get-route reads /proc only and runs while frozen
// (docs/NETWORK.md has the proof).
var Specs = []command.Spec{
	{Name: "guest-network-get-interfaces", Domain: Name},
	{Name: "guest-network-get-route", Domain: Name, AllowedFrozen: true},
}

// Logic answers guest-network-get-interfaces from a Source and
// guest-network-get-route from a RouteSource.
type Logic struct {
	OS     netinfo.Source
	Routes netinfo.RouteSource
	Log    *zap.Logger
}

// New returns the domain's Logic over os and routes; log may be nil.
func New(os netinfo.Source, routes netinfo.RouteSource, log *zap.Logger) *Logic {
	if log == nil {
		log = zap.NewNop()
	}
	return &Logic{OS: os, Routes: routes, Log: log}
}

// Handle implements domain.Logic.
func (l *Logic) Handle(req *command.Request) domain.Step {
	var op func() (any, error)
	switch req.Spec.Name {
	case "guest-network-get-interfaces":
		op = l.interfaces
	case "guest-network-get-route":
		op = l.routes
	default:
		return domain.Now(req.Fail(command.NotFound(req.Spec.Name)))
	}
	return domain.Read(req, op)
}

// interfaces runs off the actor. Links and addresses are required;
// counters are not: qemu-ga omits statistics it cannot read.
func (l *Logic) interfaces() (any, error) {
	links, err := l.OS.Links()
	if err != nil {
		return nil, fmt.Errorf("failed to list network interfaces: %w", err)
	}
	addrs, err := l.OS.Addrs()
	if err != nil {
		return nil, fmt.Errorf("failed to list network addresses: %w", err)
	}
	stats, err := l.OS.Stats()
	if err != nil {
		l.Log.Info("no interface statistics", zap.Error(err))
		stats = nil
	}
	return build(links, addrs, stats), nil
}
