// Package kstat is the OS boundary of the stats domain: the per-CPU time
// counters of /proc/stat and the per-device I/O counters of
// /proc/diskstats, as raw facts (clock ticks, counts as the kernel prints
// them). What qemu-ga makes of them (milliseconds, which fields appear)
// is the stats actor's business.
//
// Two Sources:
//   - Linux reads the two files (paths injectable, at most 4 MiB each)
//     and parses them here: prometheus/procfs was measured and not taken
//     (docs/STATS.md: its Stat turns ticks into float seconds and parses
//     every line of /proc/stat, its diskstats parser drops the short
//     lines qemu-ga reports and aborts on one bad line).
//   - Sim serves the simulated guest's World (its Kernel's CPUStats and
//     DiskStats).
//
// WithFaults puts the fault points os.cpustats and os.diskstats in front
// of either.
//
// Invariants:
//   - The parsers never panic on any input (fuzzed), keep at most
//     MaxEntries entries and read each line as qemu-ga's sscanf does:
//     the number of counters present is kept, so the stats actor shows
//     exactly the fields qemu-ga shows.
//   - Nothing here writes; reads are bounded.
package kstat
