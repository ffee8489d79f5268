// Package sysinfo is the domain of the guest's clock and identity:
// guest-get-time, guest-set-time, guest-get-host-name,
// guest-get-timezone, guest-get-osinfo, guest-get-users and
// guest-get-load, answered with qemu-ga 11.1's shapes from the raw facts
// of os/clock, os/sysinfo and os/users.
//
//   - get-time: the system clock in nanoseconds (qemu-ga 7.2 rounds to
//     microseconds).
//   - set-time {time?}: with time, qemu-ga's checks (a year outside
//     1970..2069 is "Invalid time"), then the system clock, then the RTC
//     (ioctls; hwclock -w only when the guest has no RTC device). Without
//     time, the system clock from the RTC (hwclock -s only without an RTC
//     device). One audit line each.
//   - get-host-name: {host-name}.
//   - get-timezone: {zone?, offset}: the zone's abbreviation now (omitted
//     when it has none) and its offset east of UTC in seconds.
//   - get-osinfo: uname's release, version and machine, and from
//     os-release (ParseOSRelease) id, name, pretty-name, version,
//     version-id, variant, variant-id, each only when the file has it.
//   - get-users: [{user, login-time}], one entry per user in order of
//     first appearance with the earliest login (seconds, a float), from
//     utmp, or from logind's sessions when the guest has no utmp.
//   - get-load: {load1m, load5m, load15m}.
//
// Invariants: Logic holds no state; every OS call runs in a Step's Op,
// off the actor. Only set-time changes anything; it is not allowed while
// frozen. The read-only commands are (AllowedFrozen): they read kernel
// state and small files, which a frozen filesystem still serves, and the
// VM suite proves each answers while the guest's disks are frozen
// (docs/FREEZE.md).
package sysinfo
