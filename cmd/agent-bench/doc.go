// Command agent-bench measures goqga against Debian's qemu-ga on this
// machine, side by side, with the same Go client over a unix socket.
//
//	go run ./cmd/agent-bench [-rounds 5] [-qemu-ga /usr/sbin/qemu-ga]
//
// It builds ./cmd/agent, starts both agents with -m unix-listen in
// temporary directories (qemu-ga with every dangerous command blocked,
// goqga with --os sim), runs each workload on each agent alternately
// -rounds times and prints the median of each with the ratio. It is a
// measurement, not a test: it never fails on a slow figure.
//
// Workloads: sequential guest-ping round trips; 16 pings pipelined per
// write; guest-file-read at 64 KiB, 1 MiB, 4 MiB and 48 MiB chunks;
// guest-file-write at 4 MiB chunks; RSS when idle (anonymous and file
// pages), peak RSS over the 48 MiB reads, start-up to the first reply,
// and wake-ups per second while idle with no client attached.
package main
