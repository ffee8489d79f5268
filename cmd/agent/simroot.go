package main

import (
	"os"

	"go.uber.org/zap"
)

// simRoot is the simulated guest's "/" for guest-file-*: --sim-root, or
// a private temporary directory (0700) that the agent removes when it
// exits (also when its start fails after making it; only a SIGKILL
// leaves it behind), so a simulated guest never touches the host's own
// files.
func simRoot(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	tmp, err := os.MkdirTemp("", "goqga-sim-root-")
	if err != nil {
		return "", err
	}
	atExit = append(atExit, func(log *zap.Logger) {
		if err := os.RemoveAll(tmp); err != nil {
			log.Warn("cannot remove the simulated guest's root", zap.String("dir", tmp), zap.Error(err))
		}
	})
	return tmp, nil
}

// atExit is cleanup that runs however serveDetached returns, after
// beforeExit's work: newEnv's private sim root.
var atExit []func(log *zap.Logger)

// runAtExit runs atExit's cleanups (serveDetached defers it).
func runAtExit(log *zap.Logger) {
	for _, f := range atExit {
		f(log)
	}
	atExit = nil
}
