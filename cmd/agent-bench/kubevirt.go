package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/goqga/goqga/client"
)

// kubevirtCycle is one round of what KubeVirt's virt-launcher asks an
// agent through libvirt: the version check (guest-info), the
// filesystem, freeze-status, interface, OS, host-name, zone, users and
// load pollers (docs/PERFORMANCE.md). They run at different intervals;
// a cycle asks each once.
var kubevirtCycle = []string{
	"guest-info", "guest-get-fsinfo", "guest-fsfreeze-status", "guest-network-get-interfaces",
	"guest-get-osinfo", "guest-get-host-name", "guest-get-timezone", "guest-get-users", "guest-get-load",
}

const (
	kubevirtName   = "KubeVirt poll cycle"
	kubevirtCycles = 200
	// oneProc names the figures of a goqga run with GOMAXPROCS=1: each
	// Op then runs on the thread that handed it over, without waking
	// another one (docs/PERFORMANCE.md).
	oneProc = " (goqga GOMAXPROCS=1)"
)

// pollCycles asks the cycle's commands in order, one at a time as
// libvirt does, kubevirtCycles times. An error reply counts as an answer
// (qemu-ga 7.2 has no guest-get-load: it answers CommandNotFound);
// anything else is an error.
func pollCycles(c *client.Client) (float64, time.Duration, error) {
	t0 := time.Now()
	for i := 0; i < kubevirtCycles; i++ {
		for _, cmd := range kubevirtCycle {
			if _, err := c.Call(cmd, nil); err != nil {
				return 0, 0, fmt.Errorf("%s: %w", cmd, err)
			}
		}
	}
	return kubevirtCycles, time.Since(t0), nil
}

// again runs fn against a second copy of s (the same arguments, env
// added to its environment), started for the purpose. fn gets the client
// and that copy's pid.
func (s *subject) again(env []string, fn func(c *client.Client, pid int) error) error {
	other := &subject{name: s.name + " " + strings.Join(env, " "), dir: s.dir + "-again", env: env, argv: s.argv}
	if _, err := other.start(); err != nil {
		return err
	}
	defer other.stop()
	c, err := other.dial()
	if err != nil {
		return err
	}
	defer c.Close()
	return fn(c, other.cmd.Process.Pid)
}

// perCommand returns each command's agent CPU per call, asked
// kubevirtCycles times in a row: where a cycle's time goes.
func perCommand(c *client.Client, pid int, out map[string]float64, suffix string) error {
	for _, cmd := range kubevirtCycle {
		cpu0 := cpuTime(pid)
		for i := 0; i < kubevirtCycles; i++ {
			if _, err := c.Call(cmd, nil); err != nil {
				return fmt.Errorf("%s: %w", cmd, err)
			}
		}
		out[cycleCommand(cmd)+suffix] = (cpuTime(pid) - cpu0).Seconds() * 1e6 / kubevirtCycles
	}
	return nil
}

// cycleCommand names a command's figure.
func cycleCommand(cmd string) string { return "  " + cmd + cpuSuffix }

// cycleMetrics are the cycle's rows of the table.
func cycleMetrics() []metric {
	out := []metric{{kubevirtName, "ms/cycle", true}, {kubevirtName + cpuSuffix, "µs/cycle", true}}
	for _, cmd := range kubevirtCycle {
		out = append(out, metric{cycleCommand(cmd), "µs/call", true})
	}
	return append(out, metric{kubevirtName + oneProc, "ms/cycle", true},
		metric{kubevirtName + cpuSuffix + oneProc, "µs/cycle", true})
}

// measureCycle times the cycle on s, and for goqga again with
// GOMAXPROCS=1: wall time and agent CPU per cycle and per call. Both
// agents read this machine (goqga runs --os linux, dangerous commands
// blocked, as qemu-ga).
func measureCycle(s *subject, c *client.Client, pid int, out map[string]float64) error {
	measure := func(suffix string) func(c *client.Client, pid int) error {
		return func(c *client.Client, pid int) error {
			cpu0 := cpuTime(pid)
			n, took, err := pollCycles(c)
			if err != nil {
				return fmt.Errorf("%s on %s: %w", kubevirtName, s.name, err)
			}
			out[kubevirtName+suffix] = took.Seconds() * 1e3 / n
			if s.noProcStats {
				return nil
			}
			out[kubevirtName+cpuSuffix+suffix] = (cpuTime(pid) - cpu0).Seconds() * 1e6 / n
			if suffix != "" {
				return nil
			}
			return perCommand(c, pid, out, suffix)
		}
	}
	if err := measure("")(c, pid); err != nil || s.bin == "" {
		return err
	}
	return s.again([]string{"GOMAXPROCS=1"}, measure(oneProc))
}
