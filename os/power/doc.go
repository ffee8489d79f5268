// Package power is the OS boundary of the power domain: shutting the
// guest down and suspending it.
//
// Three implementations of Power:
//   - Linux runs what qemu-ga runs (/sbin/poweroff|halt|reboot, else
//     /sbin/shutdown -h -P|-H|-r +0; systemd, then pm-utils, then
//     /sys/power/state for suspend) and, when no shutdown program exists
//     (minimal and busybox guests), falls back to sync + reboot(2). Every
//     effect goes through a System, so tests drive it with fakes: the
//     real System (system_linux.go) is the only code here that executes
//     a program or calls reboot(2), and no test ever builds it with the
//     real reboot function.
//   - Sim journals {"op":"shutdown","mode":...} and
//     {"op":"suspend","mode":...} in the simulated guest and refuses the
//     suspend modes its World does not list.
//   - WithFaults wraps either one with the fault points os.shutdown and
//     os.suspend (target: the mode).
//
// Invariants: a Mode reaching Power is valid (the caller validated it);
// errors carry qemu-ga's texts where clients may know them; nothing here
// keeps state, so calls are safe from any goroutine.
package power
