package users

import "github.com/goqga/goqga/faults"

// WithFaults puts os.utmp and os.logind in front of s.
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

func (f faulty) Utmp() ([]Login, error) {
	return faults.Call(f.inj, pointUtmp, UtmpPath, f.s.Utmp)
}

func (f faulty) Sessions() ([]Login, error) {
	return faults.Call(f.inj, pointLogind, SessionsDir, f.s.Sessions)
}

// The users fault points.
var (
	pointUtmp   = faults.Declare("os.utmp", "reading utmp", "/var/run/utmp")
	pointLogind = faults.Declare("os.logind", "reading systemd-logind's session records (only when there is no utmp)", "/run/systemd/sessions")
)
