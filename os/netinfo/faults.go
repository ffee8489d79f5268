package netinfo

import "github.com/goqga/goqga/faults"

// WithFaults puts the fault point os.netinfo in front of s: target
// "links" for the link list, "addrs" for the addresses, and the
// statistics file's path (/proc/net/dev) for the counters.
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

func (f faulty) Links() ([]Link, error) {
	if err := f.inj.Hit(pointNetinfo, "links"); err != nil {
		return nil, err
	}
	return f.s.Links()
}

func (f faulty) Addrs() ([]Addr, error) {
	if err := f.inj.Hit(pointNetinfo, "addrs"); err != nil {
		return nil, err
	}
	return f.s.Addrs()
}

func (f faulty) Stats() (map[string]Stats, error) {
	if err := f.inj.Hit(pointNetinfo, DevPath); err != nil {
		return nil, err
	}
	return f.s.Stats()
}

var pointNetinfo = faults.Declare("os.netinfo", "listing links, addresses, reading counters (a counters fault only drops statistics)", "links, addrs, /proc/net/dev")
