package kstat

import "github.com/goqga/goqga/faults"

// WithFaults puts os.cpustats and os.diskstats in front of s.
func WithFaults(s Source, inj *faults.Injector) Source {
	if inj == nil {
		return s
	}
	return faulty{s: s, inj: inj}
}

type faulty struct {
	s   Source
	inj *faults.Injector
}

func (f faulty) CPUStats() ([]CPUStat, error) {
	return faults.Call(f.inj, pointCPUStats, "", f.s.CPUStats)
}

func (f faulty) DiskStats() ([]DiskStat, error) {
	return faults.Call(f.inj, pointDiskStats, "", f.s.DiskStats)
}

// The stats domain's fault points.
var (
	pointCPUStats  = faults.Declare("os.cpustats", "reading /proc/stat", "")
	pointDiskStats = faults.Declare("os.diskstats", "reading /proc/diskstats", "")
)
