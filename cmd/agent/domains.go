package main

import (
	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/core"
	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/channel"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/config"
	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/os/sim"
	"github.com/goqga/goqga/supervisor"
)

// env is what a domain needs to build its Logic.
type env struct {
	cfg        *config.Config
	log        *zap.Logger
	faults     *faults.Injector
	world      *sim.World   // the simulated guest; nil unless --os sim
	journal    *sim.Journal // its side-effect journal; nil unless --os sim
	simRoot    string       // the simulated guest's "/" for guest-file-*; "" unless --os sim
	supervisor *actor.PID
	// flush waits (bounded) until the channel has written the replies to
	// every request before (gen, seq): power commands call it before the
	// guest goes down.
	flush func(gen, seq uint64) bool
	// replies is the budget of reply bytes waiting for the host: a domain
	// that builds large replies waits for room (Replies.WaitRoom) first.
	replies *channel.Replies
}

// domainDef declares one domain: its commands and how to build its Logic.
type domainDef struct {
	name  string
	specs []command.Spec
	logic func(e *env) (domain.Logic, error)
}

// inline runs an actor's messages on the goroutine that sent them
// (protoactor's synchronized dispatcher) instead of a new goroutine per
// burst. It is safe because no Receive blocks: OS calls run on their own
// goroutines. A ping then travels reader -> channel -> supervisor -> core
// -> channel -> socket on the reader's goroutine, without waking another
// thread: 1.7-2 context switches per ping instead of 3.6-4.5, and a round
// trip about 40% shorter (docs/PERFORMANCE.md).
var inline = actor.WithDispatcher(actor.NewSynchronizedDispatcher(300))

// domains lists the agent's domains. Each domain_*.go file appends its
// own in init, so domains land without touching each other's wiring;
// guest-info lists commands in this order.
var domains = []domainDef{{
	name:  core.Name,
	specs: core.Specs,
	logic: func(*env) (domain.Logic, error) { return core.Logic, nil },
}}

// declareActorPoints declares each domain's actor.<domain> fault point;
// main calls it before --faults is checked.
func declareActorPoints() {
	for _, d := range domains {
		faults.Declare("actor."+d.name, "when the "+d.name+" actor starts a request: panic crashes the actor (the request gets a GenericError, the actor is restarted); delay, hang and error act off the actor", "the command name")
	}
}

// registry lists every command the agent serves.
func registry() (*command.Registry, error) {
	tables := [][]command.Spec{}
	for _, d := range domains {
		tables = append(tables, d.specs)
	}
	return command.NewRegistry(append(tables, supervisor.Specs)...)
}

// domainProps builds every domain's actor props.
func domainProps(e *env, replies *actor.PID) (map[string]*actor.Props, error) {
	out := make(map[string]*actor.Props, len(domains))
	for _, d := range domains {
		logic, err := d.logic(e)
		if err != nil {
			return nil, err
		}
		out[d.name] = domain.Props(domain.Config{
			Name: d.name, Logic: logic, Replies: replies, Faults: e.faults, Log: e.log.Named(d.name),
		}).Configure(inline)
	}
	return out, nil
}

// newEnv prepares the environment, loading the simulated guest for --os sim.
func newEnv(cfg *config.Config, log *zap.Logger, inj *faults.Injector) (*env, error) {
	e := &env{cfg: cfg, log: log, faults: inj}
	if cfg.OS != "sim" {
		return e, nil
	}
	var err error
	if e.world, err = sim.Load(cfg.SimConfig); err != nil {
		return nil, err
	}
	if e.journal, err = sim.OpenJournal(cfg.SimJournal); err != nil {
		return nil, err
	}
	if e.simRoot, err = simRoot(cfg.SimRoot); err != nil {
		return nil, err
	}
	return e, nil
}
