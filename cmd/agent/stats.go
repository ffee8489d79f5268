package main

import (
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"go.uber.org/zap"

	"github.com/goqga/goqga/os/procstat"
)

// StatsMessage is the message of the line SIGUSR1 logs; the soak and
// fault suites look for it.
const StatsMessage = "goqga stats"

// watchStats logs one StatsMessage line each time the agent gets SIGUSR1:
// goroutines, heap in use, resident memory, threads and open descriptors.
// It makes a leak observable from outside without a debug port inside the
// guest (an open port would be a way in). The returned stop ends it.
func watchStats(log *zap.Logger) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR1)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-ch:
				logStats(log)
			case <-done:
				return
			}
		}
	}()
	return func() { signal.Stop(ch); close(done) }
}

func logStats(log *zap.Logger) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fields := []zap.Field{
		zap.Int("goroutines", runtime.NumGoroutine()),
		zap.Uint64("heap_bytes", ms.HeapAlloc),
		zap.Uint64("heap_objects", ms.HeapObjects),
	}
	p, err := procstat.Self()
	if err != nil {
		log.Info(StatsMessage, append(fields, zap.NamedError("proc_error", err))...)
		return
	}
	log.Info(StatsMessage, append(fields, zap.Int64("rss_bytes", p.RSSBytes),
		zap.Int64("threads", p.Threads), zap.Int("fds", p.FDs))...)
}
