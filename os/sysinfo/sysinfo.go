package sysinfo

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Uname is what uname(2) says of the kernel.
type Uname struct {
	Release string // "6.1.0-28-amd64"
	Version string // "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)"
	Machine string // "x86_64"
}

// Zone is the local time zone at one instant.
type Zone struct {
	Name   string // the abbreviation in use ("CET", "UTC"); may be ""
	Offset int    // seconds east of UTC
}

// Source lists the facts the sysinfo domain reports.
type Source interface {
	HostName() (string, error)
	Uname() (Uname, error)
	// OSRelease returns the os-release file's text and its path: the
	// first of OSReleasePaths that exists and is UTF-8. ErrNoOSRelease
	// when none does.
	OSRelease() (text []byte, path string, err error)
	// Zone is the local zone at the instant ns (since the epoch).
	Zone(ns int64) (Zone, error)
	// LoadAvg is the 1, 5 and 15 minute load averages.
	LoadAvg() ([3]float64, error)
}

// Files the Linux Source reads.
var (
	OSReleasePaths = []string{"/etc/os-release", "/usr/lib/os-release"}
	LocaltimePath  = "/etc/localtime"
	LoadAvgPath    = "/proc/loadavg"
)

// MaxFile bounds every file the Source reads (os-release, the zone file).
const MaxFile = 1 << 20

// ErrNoOSRelease: the guest has neither os-release file.
var ErrNoOSRelease = errors.New("the guest has no os-release file")

// LoadFromSysinfo turns sysinfo(2)'s loads (fixed point, 16 fraction
// bits) into the values /proc/loadavg prints: the kernel's avenrun (11
// fraction bits) plus 1/200, cut to hundredths. Each is the double
// nearest its two-decimal text, as strtod makes of it.
func LoadFromSysinfo(loads [3]uint64) [3]float64 {
	const fshift, fixed1 = 11, 1 << 11
	var out [3]float64
	for i, l := range loads {
		x := l>>(16-fshift) + fixed1/200
		hundredths := (x>>fshift)*100 + ((x&(fixed1-1))*100)>>fshift
		out[i] = float64(hundredths) / 100
	}
	return out
}

// ParseLoadAvg reads the first three fields of /proc/loadavg
// ("0.59 0.31 0.13 5/152 17060").
func ParseLoadAvg(b []byte) ([3]float64, error) {
	var out [3]float64
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return out, fmt.Errorf("load averages: cannot parse %q", trim(b))
	}
	for i := range out {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil || v < 0 || v != v {
			return out, fmt.Errorf("load averages: cannot parse %q", trim(b))
		}
		out[i] = v
	}
	return out, nil
}

func trim(b []byte) string {
	if len(b) > 80 {
		b = b[:80]
	}
	return string(b)
}
