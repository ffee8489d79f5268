package kstat

import (
	"bytes"
	"strconv"
)

// CPUStat is one "cpuN" line of /proc/stat: N counters in clock ticks
// (user nice system idle iowait irq softirq steal guest guest_nice).
type CPUStat struct {
	CPU   int64
	Ticks [10]uint64
	N     int // counters present, 4 to 10
}

// DiskStat is one line of /proc/diskstats: N counters in the kernel's
// order (4 on kernels before 2.6.25 for partitions, then 11, 15 since
// 4.18, 17 since 5.5).
type DiskStat struct {
	Major, Minor uint64
	Name         string
	Counters     [17]uint64
	N            int
}

// Source reads the counters.
type Source interface {
	CPUStats() ([]CPUStat, error)
	DiskStats() ([]DiskStat, error)
}

// MaxEntries bounds the entries a parse keeps (Linux has at most 8192
// CPUs; a guest with more block devices than this is not answered whole).
const MaxEntries = 65536

// Paths where Linux keeps the counters.
const (
	StatPath      = "/proc/stat"
	DiskstatsPath = "/proc/diskstats"
)

// ParseStat reads the per-CPU lines of /proc/stat as qemu-ga does: a line
// whose first word is "cpu" followed by something (not the "cpu" total),
// then up to 10 unsigned counters, stopping at the first that is not one.
// A CPU line with fewer than 4 counters ends the parse (qemu-ga logs and
// stops there); the CPU number is the digits after "cpu".
func ParseStat(b []byte) []CPUStat {
	var out []CPUStat
	for len(b) > 0 && len(out) < MaxEntries {
		var line []byte
		line, b, _ = bytes.Cut(b, []byte{'\n'})
		f := fields(line, 11)
		if len(f) == 0 || len(f[0]) <= 3 || !bytes.HasPrefix(f[0], []byte("cpu")) {
			continue
		}
		s := CPUStat{CPU: leadingInt(f[0][3:])}
		s.N = numbers(f[1:], s.Ticks[:])
		if s.N < 4 {
			break
		}
		out = append(out, s)
	}
	return out
}

// ParseDiskstats reads /proc/diskstats as qemu-ga does: "MAJOR MINOR
// NAME" then up to 17 counters; a line with fewer than 4 counters, or
// without its three leading fields, is skipped.
func ParseDiskstats(b []byte) []DiskStat {
	var out []DiskStat
	for len(b) > 0 && len(out) < MaxEntries {
		var line []byte
		line, b, _ = bytes.Cut(b, []byte{'\n'})
		f := fields(line, 20)
		if len(f) < 7 {
			continue
		}
		major, err1 := strconv.ParseUint(string(f[0]), 10, 32)
		minor, err2 := strconv.ParseUint(string(f[1]), 10, 32)
		if err1 != nil || err2 != nil {
			continue
		}
		d := DiskStat{Major: major, Minor: minor, Name: string(f[2])}
		if d.N = numbers(f[3:], d.Counters[:]); d.N < 4 {
			continue
		}
		out = append(out, d)
	}
	return out
}

// fields splits line at white space into at most max fields (the rest of
// the line is not looked at).
func fields(line []byte, max int) [][]byte {
	var out [][]byte
	for len(out) < max {
		line = bytes.TrimLeft(line, " \t\v\f\r")
		if len(line) == 0 {
			break
		}
		end := bytes.IndexAny(line, " \t\v\f\r")
		if end < 0 {
			end = len(line)
		}
		out = append(out, line[:end])
		line = line[end:]
	}
	return out
}

// numbers parses fields into dst as unsigned decimals up to the first
// that is not one, and returns how many it parsed.
func numbers(f [][]byte, dst []uint64) int {
	n := 0
	for n < len(f) && n < len(dst) {
		v, err := strconv.ParseUint(string(f[n]), 10, 64)
		if err != nil {
			break
		}
		dst[n] = v
		n++
	}
	return n
}

// leadingInt is atoi: the leading decimal digits, 0 without any.
func leadingInt(b []byte) int64 {
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' || v > 1<<40 {
			break
		}
		v = v*10 + int64(c-'0')
	}
	return v
}
