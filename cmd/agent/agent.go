package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	"github.com/goqga/goqga/channel"
	"github.com/goqga/goqga/channel/framer"
	"github.com/goqga/goqga/config"
	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/logging"
	"github.com/goqga/goqga/os/daemon"
	osfreeze "github.com/goqga/goqga/os/freeze"
	"github.com/goqga/goqga/os/statedir"
	"github.com/goqga/goqga/os/transport"
	"github.com/goqga/goqga/supervisor"
)

// serve runs the agent until SIGTERM/SIGINT or a fatal transport error.
func serve(cfg *config.Config, stderr io.Writer) error {
	if cfg.Daemonize && daemon.Supervised() {
		// An old qemu-ga.conf with daemon=true under a Type=notify unit:
		// a detached child would leave systemd watching a parent that exits.
		cfg.Daemonize = false
		cfg.Warnings = append(cfg.Warnings, "daemonize ignored: systemd supervises the agent ($NOTIFY_SOCKET)")
	}
	if cfg.Daemonize && !daemon.IsChild() {
		return daemon.Start()
	}
	err := serveDetached(cfg, stderr)
	if err != nil {
		daemon.Failed(err)
	}
	return err
}

func serveDetached(cfg *config.Config, stderr io.Writer) error {
	// An agent that died frozen left its marker: start frozen, and touch
	// no file (log file, pidfile) until the thaw.
	frozen := osfreeze.NewMarker(cfg.StateDir, nil).Exists()
	log, out, closeLog, err := logging.New(logging.Options{File: cfg.LogFile, Verbose: cfg.Verbose, Stderr: stderr, Held: frozen,
		Journal: stderr == io.Writer(os.Stderr) && daemon.StderrIsJournal()})
	if err != nil {
		return fmt.Errorf("cannot open log file: %w", err)
	}
	defer closeLog()
	defer runAtExit(log)
	for _, w := range cfg.Warnings {
		log.Warn(w, zap.String("config", cfg.ConfigFile))
	}
	if err := statedir.Ensure(cfg.StateDir); err != nil {
		return err
	}
	if !frozen { // frozen, the state directory may be on a frozen filesystem
		removeStale(cfg.StateDir, log)
	}
	inj, err := faults.Parse(cfg.Faults)
	if err != nil {
		return err
	}
	if err := inj.CheckDeclared(); err != nil {
		return fmt.Errorf("invalid --faults: %w", err)
	}
	defer inj.Release()
	lis, err := listen(cfg, log)
	if err != nil {
		return err
	}
	limitMemory(cfg, log)
	replies := channel.NewReplies(cfg.MaxReplyBytes)
	q := &quiesce{cfg: cfg, out: out, log: log, closed: frozen}
	sys, err := start(cfg, log, inj, lis, q, replies)
	if err != nil {
		lis.Close()
		return err
	}
	defer sys.Shutdown()
	if err := q.startPidfile(); err != nil {
		lis.Close()
		return err
	}
	defer q.removePidfile()
	stopOnSignal(lis, log)
	defer watchStats(log)()
	log.Info("goqga serving", zap.String("version", Version), zap.Stringer("channel", lis),
		zap.String("os", cfg.OS), zap.Strings("faults", inj.Points()), zap.Bool("frozen", frozen))
	daemon.Ready()
	err = channel.Serve(sys, sys.NewLocalPID("channel"), channelConfig(sys, cfg, log, inj, lis, replies))
	inj.Release() // injected hangs and delays end here: the exit must not wait on them
	for _, f := range beforeExit {
		f(log)
	}
	return err
}

// removeStale removes the temporary files of state writes a killed agent
// left behind (statedir.WriteAtomic's), which would otherwise pile up
// in the state directory, one per kill.
func removeStale(dir string, log *zap.Logger) {
	removed, err := statedir.RemoveStale(dir, stateFile, osfreeze.MarkerName)
	if err != nil {
		log.Warn("cannot remove stale temporary state files", zap.String("dir", dir), zap.Error(err))
	}
	if len(removed) > 0 {
		log.Info("removed temporary state files left by an interrupted write", zap.String("dir", dir), zap.Strings("files", removed))
	}
}

// beforeExit is work the domains need done when the channel has stopped
// and before the actors do: the freeze domain thaws there (qemu-ga ignores
// SIGTERM while frozen; goqga thaws, then exits).
var beforeExit []func(log *zap.Logger)

// freezeGate names the commands that move the supervisor's freeze gate;
// the freeze domain's wiring sets it.
var freezeGate supervisor.Gate

func listen(cfg *config.Config, log *zap.Logger) (transport.Listener, error) {
	opts := transport.Options{Method: cfg.Method, Path: cfg.Path, RetryPath: cfg.RetryPath, Log: log}
	for _, cid := range cfg.VsockAllowCIDs {
		opts.VsockAllowCIDs = append(opts.VsockAllowCIDs, uint32(cid))
	}
	if l, err := transport.FromSystemd(opts); l != nil || err != nil {
		return l, err
	}
	return transport.Open(opts)
}

// pidfile is written only when daemonized, as qemu-ga does.
func pidfile(cfg *config.Config) (*daemon.Pidfile, error) {
	if !cfg.Daemonize || cfg.PidFile == "" {
		return nil, nil
	}
	if err := statedir.Ensure(filepath.Dir(cfg.PidFile)); err != nil {
		return nil, err
	}
	return daemon.WritePidfile(cfg.PidFile)
}

func channelConfig(sys *actor.ActorSystem, cfg *config.Config, log *zap.Logger, inj *faults.Injector, lis transport.Listener, replies *channel.Replies) channel.Config {
	return channel.Config{
		Listener:         lis,
		Supervisor:       sys.NewLocalPID("supervisor"),
		Limits:           framer.Limits{MaxBytes: cfg.MaxMessageBytes},
		Faults:           inj,
		Log:              log.Named("channel"),
		MaxInflightBytes: cfg.MaxInflightBytes,
		Replies:          replies,
	}
}

// limitMemory sets Go's soft memory limit (--memory-limit) unless
// GOMEMLIMIT did: the collector then works harder as the heap nears it
// instead of letting it double past the live data, which in a burst of
// large requests is what a small guest cannot afford.
func limitMemory(cfg *config.Config, log *zap.Logger) {
	if os.Getenv("GOMEMLIMIT") != "" || cfg.MemoryLimit <= 0 {
		return
	}
	debug.SetMemoryLimit(int64(cfg.MemoryLimit))
	log.Debug("memory limit set", zap.Int("bytes", cfg.MemoryLimit))
}

// start builds the actor system: the channel actor, the supervisor and
// under it one actor per domain.
func start(cfg *config.Config, log *zap.Logger, inj *faults.Injector, lis transport.Listener, q *quiesce, replies *channel.Replies) (*actor.ActorSystem, error) {
	reg, err := registry()
	if err != nil {
		return nil, err
	}
	policy := supervisor.NewPolicy(cfg.AllowRPCs, cfg.BlockRPCs)
	if unknown := policy.Unknown(reg); len(unknown) > 0 {
		log.Warn("unknown commands in allow/block lists", zap.Strings("names", unknown))
	}
	e, err := newEnv(cfg, log, inj)
	if err != nil {
		return nil, err
	}
	e.replies = replies
	sys := actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return logging.Slog(log.Named("actor"))
	}))
	channelPID := sys.NewLocalPID("channel")
	e.supervisor = sys.NewLocalPID("supervisor")
	e.flush = channel.Flusher(sys.Root, channelPID, flushTimeout)
	doms, err := domainProps(e, channelPID)
	if err != nil {
		return nil, err
	}
	if _, err := sys.Root.SpawnNamed(channel.Props(channelConfig(sys, cfg, log, inj, lis, replies)).Configure(inline), "channel"); err != nil {
		return nil, err
	}
	sup := supervisor.Props(supervisor.Config{
		Router:  supervisor.Router{Registry: reg, Policy: policy},
		Version: Version,
		Domains: doms,
		Replies: channelPID,
		Log:     log.Named("supervisor"),
		Gate:    freezeGate,
		Frozen:  q.closed,
		OnGate:  q.onGate,
	})
	if _, err := sys.Root.SpawnNamed(sup.Configure(inline), "supervisor"); err != nil {
		return nil, err
	}
	return sys, nil
}

// stopOnSignal ends the agent cleanly (thawing first if frozen) on
// SIGTERM, SIGINT and SIGHUP. SIGHUP's default action would kill the
// agent as it is, frozen filesystems left frozen (qemu-ga 7.2 dies that
// way); the agent has no configuration to reload, so it stops as on
// SIGTERM.
func stopOnSignal(lis transport.Listener, log *zap.Logger) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	go func() {
		s := <-ch
		daemon.Stopping()
		log.Info("stopping", zap.Stringer("signal", s))
		lis.Close()
	}()
}
