package procstat

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
)

// MaxStatusBytes bounds the read of /proc/PID/status (a few KiB in practice).
const MaxStatusBytes = 64 << 10

// Stats are one process's figures.
type Stats struct {
	RSSBytes int64 // VmRSS
	Threads  int64 // Threads
	FDs      int   // entries of /proc/PID/fd
}

// Self reads the calling process's figures.
func Self() (Stats, error) { return read("self", 1) }

// Of reads process pid's figures.
func Of(pid int) (Stats, error) { return read(strconv.Itoa(pid), 0) }

// read reads /proc/ID; own is the descriptors the reader itself adds to
// the count (1 for self: the directory being listed).
func read(id string, own int) (Stats, error) {
	b, err := readBounded("/proc/" + id + "/status")
	if err != nil {
		return Stats{}, err
	}
	s, err := ParseStatus(b)
	if err != nil {
		return Stats{}, err
	}
	n, err := countDir("/proc/" + id + "/fd")
	s.FDs = n - own
	return s, err
}

func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxStatusBytes))
}

// countDir counts a directory's entries, 256 names at a time.
func countDir(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	total := 0
	for {
		names, err := f.Readdirnames(256)
		total += len(names)
		if errors.Is(err, io.EOF) {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}

// ParseStatus reads VmRSS (kB) and Threads from a /proc/PID/status text.
func ParseStatus(b []byte) (Stats, error) {
	var s Stats
	var rss, threads bool
	for line := range bytes.Lines(b) {
		key, val, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		f := bytes.Fields(val)
		switch string(key) {
		case "VmRSS":
			kb, err := number(f, "kB")
			if err != nil {
				return Stats{}, fmt.Errorf("VmRSS: %w", err)
			}
			s.RSSBytes, rss = kb*1024, true
		case "Threads":
			n, err := number(f, "")
			if err != nil {
				return Stats{}, fmt.Errorf("Threads: %w", err)
			}
			s.Threads, threads = n, true
		}
	}
	if !rss || !threads {
		return Stats{}, errors.New("status lacks VmRSS or Threads")
	}
	return s, nil
}

// number parses "N" or "N unit" into a non-negative count that cannot
// overflow when scaled from kB to bytes.
func number(f [][]byte, unit string) (int64, error) {
	if len(f) == 0 || len(f) > 2 || (len(f) == 2 && string(f[1]) != unit) || (len(f) == 1 && unit != "") {
		return 0, fmt.Errorf("bad value %q", bytes.Join(f, []byte(" ")))
	}
	n, err := strconv.ParseInt(string(f[0]), 10, 64)
	if err != nil || n < 0 || n > 1<<50 {
		return 0, fmt.Errorf("bad number %q", f[0])
	}
	return n, nil
}
