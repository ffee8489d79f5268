package power

import "github.com/goqga/goqga/faults"

// WithFaults puts the fault points os.shutdown and os.suspend (target: the
// mode) in front of p, so the Linux and the simulated backend fail, stall
// or crash alike under injection. A fault that fires keeps p from being
// called at all.
func WithFaults(p Power, inj *faults.Injector) Power {
	if inj == nil {
		return p
	}
	return faulty{p: p, inj: inj}
}

type faulty struct {
	p   Power
	inj *faults.Injector
}

func (f faulty) Shutdown(m Mode) error {
	if err := f.inj.Hit(pointShutdown, string(m)); err != nil {
		return err
	}
	return f.p.Shutdown(m)
}

func (f faulty) Suspend(m SuspendMode) error {
	if err := f.inj.Hit(pointSuspend, string(m)); err != nil {
		return err
	}
	return f.p.Suspend(m)
}

// The power domain's fault points.
var (
	pointShutdown = faults.Declare("os.shutdown", "before the power backend shuts down", "the mode (halt, powerdown, reboot)")
	pointSuspend  = faults.Declare("os.suspend", "before the power backend suspends; delay simulates a sleeping guest", "the mode (ram, disk, hybrid)")
)
