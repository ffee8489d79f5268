// Package users is the OS boundary of guest-get-users: who is logged in,
// from utmp and, where the guest has no utmp (Debian 13 dropped it),
// from systemd-logind's session records.
//
// Two Sources:
//   - Linux reads /var/run/utmp's USER_PROCESS records (glibc's x86_64
//     layout, 384 bytes each; what getutxent returns to qemu-ga) and
//     /run/systemd/sessions/* (logind's key=value files: USER, CLASS,
//     STATE and REALTIME, the session's start in microseconds).
//   - Sim serves the simulated guest's World.
//
// One login per record, in file order; merging them into one entry per
// user with the earliest login is the sysinfo actor's business.
//
// WithFaults puts os.utmp (target: the utmp path) and os.logind (target:
// the sessions directory) in front of either.
//
// Invariants:
//   - Bounded: at most MaxUtmp bytes of utmp and MaxSessions session
//     files of at most MaxSessionFile bytes each; more is an error.
//   - Utmp returns fs.ErrNotExist only when there is no utmp file: that
//     alone sends the caller to the logind records.
//   - ParseUtmp and ParseSession never panic on any input (fuzzed).
package users
