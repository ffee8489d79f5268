//go:build linux

package sysinfo

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"
	"unicode/utf8"

	"golang.org/x/sys/unix"
)

// Linux is the real guest's facts. It changes nothing.
type Linux struct {
	OSReleasePaths []string
	LocaltimePath  string
	LoadAvgPath    string
	// TZ is the agent's $TZ when it has one: glib (so qemu-ga) takes the
	// zone from it before /etc/localtime, and so does Go's time.Local.
	TZ bool
}

// NewLinux returns the real Source.
func NewLinux() *Linux {
	_, tz := os.LookupEnv("TZ")
	return &Linux{OSReleasePaths: OSReleasePaths, LocaltimePath: LocaltimePath, LoadAvgPath: LoadAvgPath, TZ: tz}
}

// HostName is uname's nodename, which is what gethostname(2) returns.
func (*Linux) HostName() (string, error) {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "", err
	}
	return unix.ByteSliceToString(u.Nodename[:]), nil
}

// Uname asks the kernel.
func (*Linux) Uname() (Uname, error) {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return Uname{}, err
	}
	return Uname{
		Release: unix.ByteSliceToString(u.Release[:]),
		Version: unix.ByteSliceToString(u.Version[:]),
		Machine: unix.ByteSliceToString(u.Machine[:]),
	}, nil
}

// OSRelease reads the first os-release file that exists and is UTF-8.
func (l *Linux) OSRelease() ([]byte, string, error) {
	for _, p := range l.OSReleasePaths {
		b, err := readFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, p, err
		}
		if !utf8.Valid(b) {
			continue // qemu-ga skips a file that is not UTF-8, too
		}
		return b, p, nil
	}
	return nil, "", ErrNoOSRelease
}

// Zone reads the zone file afresh at each call (an administrator may
// change it while the agent runs); with $TZ set it is the agent's
// time.Local. No zone file means UTC.
func (l *Linux) Zone(ns int64) (Zone, error) {
	loc := time.UTC
	if l.TZ {
		loc = time.Local
	} else {
		b, err := readFile(l.LocaltimePath)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return Zone{}, err
		default:
			if loc, err = time.LoadLocationFromTZData("Local", b); err != nil {
				return Zone{}, fmt.Errorf("%s: %w", l.LocaltimePath, err)
			}
		}
	}
	name, off := time.Unix(0, ns).In(loc).Zone()
	return Zone{Name: name, Offset: off}, nil
}

// LoadAvg reads /proc/loadavg, as glibc's getloadavg does.
func (l *Linux) LoadAvg() ([3]float64, error) {
	b, err := readFile(l.LoadAvgPath)
	if err != nil {
		return [3]float64{}, err
	}
	return ParseLoadAvg(b)
}

// readFile reads path up to MaxFile; more is an error.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxFile {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, MaxFile)
	}
	return b, nil
}
