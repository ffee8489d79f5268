package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
)

func main() {
	rounds := flag.Int("rounds", 5, "runs of each workload on each agent; the median is reported")
	qga := flag.String("qemu-ga", "/usr/sbin/qemu-ga", "qemu-ga binary to compare with (skipped when missing)")
	agentBin := flag.String("agent", "", "goqga binary (default: build ./cmd/agent as the release build does, CGO_ENABLED=0)")
	onlyFlag := flag.String("only", "", "run only the workloads whose names match this regexp (start-up and idle figures are always taken)")
	floor := flag.Bool("floor", true, "also measure the floor: a server answering canned replies, the client's ceiling")
	canned := flag.String("canned-server", "", "internal: serve canned replies on this unix socket (the floor)")
	flag.Parse()
	if *onlyFlag != "" {
		re, err := regexp.Compile(*onlyFlag)
		if err != nil {
			fatal(fmt.Errorf("-only: %v", err))
		}
		only = re
	}
	if *canned != "" {
		cannedServer(*canned)
		return
	}
	dir, err := os.MkdirTemp("", "agent-bench")
	if err != nil {
		fatal(err)
	}
	defer os.RemoveAll(dir)
	if *agentBin == "" {
		*agentBin = filepath.Join(dir, "goqga-bin")
		// The release build (README.md): static, as a guest needs it.
		build := exec.Command("go", "build", "-trimpath", "-o", *agentBin, "./cmd/agent")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			fatal(fmt.Errorf("building ./cmd/agent: %v\n%s", err, out))
		}
	}
	subjects := []*subject{newGoqga(*agentBin, dir)}
	if _, err := os.Stat(*qga); err == nil {
		subjects = append(subjects, newQemuGA(*qga, dir))
	} else {
		fmt.Fprintf(os.Stderr, "agent-bench: %s not found: measuring goqga alone (apt-get install qemu-guest-agent)\n", *qga)
	}
	if *floor {
		self, err := os.Executable()
		if err != nil {
			fatal(err)
		}
		subjects = append(subjects, newFloor(self, dir))
	}
	results, err := run(subjects, *rounds, dir)
	if err != nil {
		fatal(err)
	}
	printTable(os.Stdout, subjects, results)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "agent-bench:", err)
	os.Exit(1)
}
