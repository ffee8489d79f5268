package sim

// SysInfo is the simulated guest's clock, identity, users and load: what
// guest-get-time, guest-set-time, guest-get-host-name,
// guest-get-timezone, guest-get-osinfo, guest-get-users and
// guest-get-load read (--sim-config's "sysinfo").
type SysInfo struct {
	// Time is the system clock when the agent starts, in nanoseconds
	// since the epoch; 0 follows the host's clock. The clock runs on
	// from there.
	Time int64 `json:"time,omitempty"`
	// RTC is the hardware clock when the agent starts (ns); 0: the same
	// as the system clock, whole seconds.
	RTC int64 `json:"rtc,omitempty"`
	// NoRTC: the guest has no /dev/rtc; HWClock: it has /sbin/hwclock
	// (the fallback).
	NoRTC   bool `json:"no-rtc,omitempty"`
	HWClock bool `json:"hwclock,omitempty"`

	HostName string `json:"host-name"`
	Zone     Zone   `json:"zone"`
	Uname    Uname  `json:"uname"`
	// OSRelease is /etc/os-release's text, UsrLibOSRelease
	// /usr/lib/os-release's; nil: the file does not exist.
	OSRelease       *string `json:"os-release"`
	UsrLibOSRelease *string `json:"usr-lib-os-release,omitempty"`

	// Utmp are the USER_PROCESS records of /var/run/utmp, in file order;
	// nil: the guest has no utmp (Debian 13), and Sessions, systemd-logind's
	// records in /run/systemd/sessions, are read instead.
	Utmp     []Login `json:"utmp"`
	Sessions []Login `json:"sessions,omitempty"`

	Load [3]float64 `json:"load"` // 1, 5 and 15 minute load averages
}

// Zone is the local time zone: its abbreviation now and offset east of UTC.
type Zone struct {
	Name   string `json:"name"`
	Offset int    `json:"offset"` // seconds
}

// Uname is what uname(2) says of the kernel.
type Uname struct {
	Release string `json:"release"`
	Version string `json:"version"`
	Machine string `json:"machine"`
}

// Login is one user's login (a utmp record or a logind session).
type Login struct {
	User string `json:"user"`
	Sec  int64  `json:"sec"`
	Usec int64  `json:"usec,omitempty"`
}

// DefaultSysInfo is a Debian 12 guest in UTC with one user logged in
// twice, an RTC and no hwclock.
func DefaultSysInfo() SysInfo {
	osr := "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n" +
		"VERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n"
	return SysInfo{
		HostName:  "sim-guest",
		Zone:      Zone{Name: "UTC"},
		Uname:     Uname{Release: "6.1.0-sim-amd64", Version: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.0-1", Machine: "x86_64"},
		OSRelease: &osr,
		Utmp:      []Login{{User: "root", Sec: 1700000000, Usec: 250000}, {User: "root", Sec: 1690000000, Usec: 500000}},
		Load:      [3]float64{0.25, 0.5, 0.75},
	}
}
