package main

import (
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/actors/freeze"
	"github.com/goqga/goqga/config"
	"github.com/goqga/goqga/logging"
	"github.com/goqga/goqga/os/daemon"
	osfreeze "github.com/goqga/goqga/os/freeze"
	"github.com/goqga/goqga/os/hook"
)

// exitThawTimeout bounds the thaw before exit; systemd kills a service
// that takes longer than 90 s to stop.
const exitThawTimeout = time.Minute

func init() {
	domains = append(domains, domainDef{name: freeze.Name, specs: freeze.Specs, logic: freezeLogic})
	freezeGate = freeze.Gate
}

// freezeLogic builds the freeze domain: the simulated guest's freezer and
// hook for --os sim (replaying the journal, so a restarted agent finds its
// mounts still frozen; the hook only journaled, never run), the real
// freeze ioctls and hook only for --os linux.
func freezeLogic(e *env) (domain.Logic, error) {
	var f osfreeze.Freezer = &osfreeze.Linux{}
	var h freeze.Hook = &hook.Runner{Path: e.cfg.FsfreezeHook, Timeout: hookTimeout(e.cfg.FreezeTimeout), Faults: e.faults}
	if e.cfg.OS == "sim" {
		s, err := osfreeze.NewSim(e.world, e.journal, e.cfg.SimJournal)
		if err != nil {
			return nil, err
		}
		f = s
		h = &hook.Sim{Path: e.cfg.FsfreezeHook, World: e.world.Hook, Journal: e.journal, Faults: e.faults}
	}
	l := freeze.New(freeze.Deps{
		Freezer: osfreeze.WithFaults(f, e.faults),
		Marker:  osfreeze.NewMarker(e.cfg.StateDir, e.faults),
		Hook:    h,
		Timeout: e.cfg.FreezeTimeout,
		Log:     e.log.Named(freeze.Name),
	})
	beforeExit = append(beforeExit, func(log *zap.Logger) {
		if err := l.ThawBeforeExit(exitThawTimeout); err != nil {
			log.Error("thaw before exit failed", zap.Error(err))
		}
	})
	return l, nil
}

// hookTimeout is how long the fsfreeze hook may run: a minute, but at
// most half the freeze timeout, so a slow hook cannot eat the window the
// watchdog gives a freeze.
func hookTimeout(freezeTimeout time.Duration) time.Duration {
	if freezeTimeout > 0 && freezeTimeout/2 < hook.DefaultTimeout {
		return freezeTimeout / 2
	}
	return hook.DefaultTimeout
}

// quiesce stops and resumes the agent's own file writes with the freeze
// gate: the log file's output is held while closed, and a pidfile an agent
// that started frozen could not write is written at the first opening.
type quiesce struct {
	cfg *config.Config
	out *logging.Output
	log *zap.Logger

	mu     sync.Mutex
	closed bool // the gate, as last reported
	pidDue bool // the pidfile waits for the thaw
	pf     *daemon.Pidfile
}

// onGate is the supervisor's OnGate: it must not block, so the writes
// after an opening run on their own goroutine and check the gate first.
func (q *quiesce) onGate(closed bool) {
	q.mu.Lock()
	q.closed = closed
	q.mu.Unlock()
	if closed {
		q.out.Hold()
		return
	}
	q.out.Release()
	go q.writeDuePidfile()
}

// startPidfile writes the pidfile now, or defers it while frozen.
func (q *quiesce) startPidfile() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		q.pidDue = true
		return nil
	}
	pf, err := pidfile(q.cfg)
	q.pf = pf
	return err
}

func (q *quiesce) writeDuePidfile() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed || !q.pidDue {
		return
	}
	q.pidDue = false
	pf, err := pidfile(q.cfg)
	if err != nil {
		q.log.Error("cannot write the pidfile after the thaw", zap.Error(err))
		return
	}
	q.pf = pf
}

// removePidfile removes the pidfile unless the agent exits frozen.
func (q *quiesce) removePidfile() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.closed {
		q.pf.Remove()
	}
}
