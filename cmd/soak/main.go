// Command soak drives the built agent (--os sim, in a temporary
// directory) with a million mixed requests by default and reports its
// resident memory, open descriptors and goroutines after a warm-up and at
// the end. It exits 1 if any of them grew beyond the stated tolerance, or
// if any reply was lost, extra, out of order or wrong.
//
//	go run ./cmd/soak                      # build the agent, 1,000,000 requests
//	go run ./cmd/soak -n 5000000 -c 64     # longer, 64 requests in flight
//	go run ./cmd/soak -agent bin/agent     # an agent built elsewhere
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/goqga/goqga/test/agenttest"
	"github.com/goqga/goqga/test/soak"
)

func main() {
	os.Exit(run())
}

func run() int {
	var o soak.Options
	agent := flag.String("agent", "", "the agent binary (default: build ./cmd/agent)")
	race := flag.Bool("race", false, "build the agent with the race detector")
	flag.IntVar(&o.Requests, "n", 1_000_000, "requests to send after the warm-up")
	flag.IntVar(&o.Depth, "c", 16, "concurrency: requests in flight at once (written together, pipelined)")
	flag.IntVar(&o.Reconnect, "reconnect", 50_000, "open a new session every this many requests")
	flag.IntVar(&o.Warmup, "warmup", 20_000, "requests before the start sample")
	flag.Uint64Var(&o.Seed, "seed", 0, "random seed of the mix (0: from the clock)")
	rss := flag.Int64("rss-tolerance", soak.DefaultTolerance.RSSBytes>>20, "allowed RSS growth in MiB")
	fds := flag.Int("fd-tolerance", soak.DefaultTolerance.FDs, "allowed growth of open descriptors")
	gor := flag.Int("goroutine-tolerance", soak.DefaultTolerance.Goroutines, "allowed growth of goroutines")
	quiet := flag.Bool("q", false, "no progress lines")
	flag.Parse()

	dir, err := os.MkdirTemp("", "goqga-soak")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if o.Agent = *agent; o.Agent == "" {
		if o.Agent, err = agenttest.Build(dir, *race); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	o.Dir = dir
	if !*quiet {
		o.Progress = os.Stderr
	}
	began := time.Now()
	rep, err := soak.Run(o)
	fmt.Print(rep)
	fmt.Printf("wall time %v\n", time.Since(began).Round(time.Millisecond))
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak failed:", err)
		return 1
	}
	tol := soak.Tolerance{RSSBytes: *rss << 20, FDs: *fds, Goroutines: *gor}
	fmt.Printf("tolerance: RSS +%d MiB, fds +%d, goroutines +%d\n", *rss, tol.FDs, tol.Goroutines)
	if err := rep.Check(tol); err != nil {
		fmt.Fprintln(os.Stderr, "soak failed:", err)
		return 1
	}
	fmt.Println("PASS: nothing grew beyond the tolerance")
	return 0
}
