package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

type status struct{ rssAnon, rssFile, hwm float64 } // MB

// readStatus reads a process's memory figures from /proc/PID/status.
func readStatus(pid int) status {
	b, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	var s status
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "RssAnon:":
			s.rssAnon = kb / 1024
		case "RssFile:":
			s.rssFile = kb / 1024
		case "VmHWM:":
			s.hwm = kb / 1024
		}
	}
	return s
}

// switches sums the context switches of every thread of pid: each wake-up
// of a sleeping thread costs one.
func switches(pid int) float64 {
	tasks, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "status"))
	total := 0.0
	for _, t := range tasks {
		b, _ := os.ReadFile(t)
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) == 2 && strings.HasSuffix(f[0], "ctxt_switches:") {
				n, _ := strconv.ParseFloat(f[1], 64)
				total += n
			}
		}
	}
	return total
}

// wakeups measures context switches per second over d with no client.
func wakeups(pid int, d time.Duration) float64 {
	before := switches(pid)
	time.Sleep(d)
	return (switches(pid) - before) / d.Seconds()
}

// cpuTime is the CPU time all of pid's threads have run, from the first
// field of each /proc/PID/task/TID/schedstat (nanoseconds).
func cpuTime(pid int) time.Duration {
	tasks, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "schedstat"))
	var total time.Duration
	for _, t := range tasks {
		b, _ := os.ReadFile(t)
		if f := strings.Fields(string(b)); len(f) > 0 {
			ns, _ := strconv.ParseInt(f[0], 10, 64)
			total += time.Duration(ns)
		}
	}
	return total
}
