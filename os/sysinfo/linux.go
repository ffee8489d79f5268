//go:build linux

package sysinfo

import (
	"errors"
	"fmt"
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
	// TZ is the agent's $TZ when it has one: glib (so qemu-ga) takes the
	// zone from it before /etc/localtime, and so does Go's time.Local.
	TZ bool

	files fileCache
}

// NewLinux returns the real Source.
func NewLinux() *Linux {
	_, tz := os.LookupEnv("TZ")
	return &Linux{OSReleasePaths: OSReleasePaths, LocaltimePath: LocaltimePath, TZ: tz}
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

// errNotUTF8 skips an os-release file that is not UTF-8, as qemu-ga does.
var errNotUTF8 = errors.New("not UTF-8")

// OSRelease reads the first os-release file that exists and is UTF-8
// (kept until the file changes). The text is shared: callers only read it.
func (l *Linux) OSRelease() ([]byte, string, error) {
	for _, p := range l.OSReleasePaths {
		v, err := l.files.get(p, MaxFile, func(b []byte) (any, error) {
			if !utf8.Valid(b) {
				return nil, errNotUTF8
			}
			return b, nil
		})
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, errNotUTF8) {
			continue
		}
		if err != nil {
			return nil, p, err
		}
		return v.([]byte), p, nil
	}
	return nil, "", ErrNoOSRelease
}

// Zone follows the zone file at each call (an administrator may change
// it while the agent runs): a stat, and a new parse only when the file
// is another or has changed. With $TZ set it is the agent's time.Local.
// No zone file means UTC.
func (l *Linux) Zone(ns int64) (Zone, error) {
	loc := time.UTC
	if l.TZ {
		loc = time.Local
	} else {
		var err error
		if loc, err = l.localZone(); err != nil {
			return Zone{}, err
		}
	}
	name, off := time.Unix(0, ns).In(loc).Zone()
	return Zone{Name: name, Offset: off}, nil
}

func (l *Linux) localZone() (*time.Location, error) {
	v, err := l.files.get(l.LocaltimePath, MaxFile, func(b []byte) (any, error) {
		return time.LoadLocationFromTZData("Local", b)
	})
	if errors.Is(err, fs.ErrNotExist) {
		return time.UTC, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", l.LocaltimePath, err)
	}
	return v.(*time.Location), nil
}

// LoadAvg is sysinfo(2)'s load averages, rounded to hundredths as
// /proc/loadavg prints them (LoadFromSysinfo): what glibc's getloadavg,
// and so qemu-ga, reads, in one system call instead of a file's open,
// reads and close.
func (*Linux) LoadAvg() ([3]float64, error) {
	var si unix.Sysinfo_t
	if err := unix.Sysinfo(&si); err != nil {
		return [3]float64{}, err
	}
	return LoadFromSysinfo(si.Loads), nil
}
