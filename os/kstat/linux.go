package kstat

import (
	"io"
	"os"
)

// Linux reads the real counters. It changes nothing.
type Linux struct {
	StatPath, DiskstatsPath string // tests point them at samples
}

// NewLinux returns the real Source.
func NewLinux() *Linux { return &Linux{StatPath: StatPath, DiskstatsPath: DiskstatsPath} }

// CPUStats reads and parses /proc/stat.
func (l *Linux) CPUStats() ([]CPUStat, error) {
	b, err := readBounded(l.StatPath)
	if err != nil {
		return nil, err
	}
	return ParseStat(b), nil
}

// DiskStats reads and parses /proc/diskstats.
func (l *Linux) DiskStats() ([]DiskStat, error) {
	b, err := readBounded(l.DiskstatsPath)
	if err != nil {
		return nil, err
	}
	return ParseDiskstats(b), nil
}

// maxRead bounds a read: /proc/stat of an 8192-CPU guest is about 1 MiB.
const maxRead = 4 << 20

func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxRead))
}
