// Package clock is the OS boundary of guest-get-time and guest-set-time:
// the system clock (CLOCK_REALTIME) and the hardware clock (the RTC).
//
// Clock has two backends:
//   - Linux reads and sets CLOCK_REALTIME with clock_gettime and
//     clock_settime, and reads and writes the RTC through /dev/rtc (or
//     /dev/rtc0) with the RTC_RD_TIME and RTC_SET_TIME ioctls, in UTC
//     unless /etc/adjtime's third line says LOCAL, as hwclock does. Only
//     when the guest has no RTC device does HWClock run /sbin/hwclock
//     (-w or -s), the tool qemu-ga always needs; minimal and newer cloud
//     images lack it.
//   - Sim keeps the simulated guest's two clocks as offsets from the
//     host's clock and journals every change ({"op":"set-time"},
//     {"op":"rtc-write"}, {"op":"rtc-read"}); it never touches the host.
//
// WithFaults puts one fault point per call in front of either:
// os.clock_get, os.clock_set, os.rtc_read, os.rtc_write, os.hwclock.
//
// Invariants:
//   - The Linux backend changes the machine's clocks: it runs only inside
//     a guest (the agent's --os linux), never in a test on the host.
//   - Every call that can hang (an RTC ioctl on a sick device, hwclock)
//     has a deadline (Timeout); the RTC descriptor is close-on-exec.
//   - ErrNoRTC means no RTC device exists, and only then is the
//     hwclock fallback used; any other RTC failure is reported as is.
//   - ParseAdjtime never panics, whatever the file holds (fuzzed).
package clock
