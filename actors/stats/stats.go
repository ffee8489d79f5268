package stats

import (
	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/kstat"
)

// Name is the domain's name (faults: actor.stats).
const Name = "stats"

// The domain's commands.
const (
	GetCPUStats  = "guest-get-cpustats"
	GetDiskStats = "guest-get-diskstats"
)

// Specs declares the domain's commands; both read /proc only and run
// while frozen.
var Specs = []command.Spec{
	{Name: GetCPUStats, Domain: Name, AllowedFrozen: true},
	{Name: GetDiskStats, Domain: Name, AllowedFrozen: true},
}

// Logic answers the stats commands from a kstat.Source.
type Logic struct {
	OS  kstat.Source
	Log *zap.Logger
	// Ticks is the counters' unit per second (kstat.ClockTicks).
	Ticks uint64
}

// New returns the domain's Logic over os; log may be nil.
func New(os kstat.Source, log *zap.Logger) *Logic {
	if log == nil {
		log = zap.NewNop()
	}
	return &Logic{OS: os, Log: log, Ticks: kstat.ClockTicks()}
}

// Handle implements domain.Logic.
func (l *Logic) Handle(req *command.Request) domain.Step {
	var op func() (any, error)
	switch req.Spec.Name {
	case GetCPUStats:
		op = l.cpustats
	case GetDiskStats:
		op = l.diskstats
	default:
		return domain.Now(req.Fail(command.NotFound(req.Spec.Name)))
	}
	return domain.Read(req, op)
}

func (l *Logic) cpustats() (any, error) {
	cs, err := l.OS.CPUStats()
	if err != nil {
		return nil, command.Errorf("failed to read CPU statistics: %v", err)
	}
	out := make([]CPUStat, len(cs))
	for i, c := range cs {
		out[i] = cpuStat(c, l.Ticks)
	}
	return out, nil
}

func (l *Logic) diskstats() (any, error) {
	ds, err := l.OS.DiskStats()
	if err != nil {
		return nil, command.Errorf("failed to read disk statistics: %v", err)
	}
	out := make([]DiskStatsInfo, len(ds))
	for i, d := range ds {
		out[i] = DiskStatsInfo{Name: d.Name, Major: d.Major, Minor: d.Minor, Stats: diskStats(d)}
	}
	return out, nil
}
