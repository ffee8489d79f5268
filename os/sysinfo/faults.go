package sysinfo

import "github.com/goqga/goqga/faults"

// WithFaults puts a fault point in front of every call of s. A fault
// that fires keeps s from being called.
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

func (f faulty) HostName() (string, error) {
	return faults.Call(f.inj, pointHostName, "", f.s.HostName)
}

func (f faulty) Uname() (Uname, error) {
	return faults.Call(f.inj, pointUname, "", f.s.Uname)
}

// OSRelease fires for /etc/os-release; a fault there is what a failed
// read of it would be.
func (f faulty) OSRelease() ([]byte, string, error) {
	if err := f.inj.Hit(pointOSRelease, OSReleasePaths[0]); err != nil {
		return nil, OSReleasePaths[0], err
	}
	return f.s.OSRelease()
}

func (f faulty) Zone(ns int64) (Zone, error) {
	if err := f.inj.Hit(pointLocaltime, LocaltimePath); err != nil {
		return Zone{}, err
	}
	return f.s.Zone(ns)
}

func (f faulty) LoadAvg() ([3]float64, error) {
	return faults.Call(f.inj, pointLoadAvg, LoadAvgPath, f.s.LoadAvg)
}

// The sysinfo fault points.
var (
	pointHostName  = faults.Declare("os.hostname", "reading the host name (uname's nodename)", "")
	pointUname     = faults.Declare("os.uname", "uname(2) for guest-get-osinfo", "")
	pointOSRelease = faults.Declare("os.os_release", "reading the os-release file", "/etc/os-release")
	pointLocaltime = faults.Declare("os.localtime", "reading the local zone", "/etc/localtime")
	pointLoadAvg   = faults.Declare("os.loadavg", "reading the load averages", "/proc/loadavg")
)
