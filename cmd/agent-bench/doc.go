// Command agent-bench measures goqga against Debian's qemu-ga on this
// machine, side by side, with the same Go client over a unix socket.
//
//	go run ./cmd/agent-bench [-rounds 5] [-only REGEXP] [-agent BIN]
//	                         [-qemu-ga /usr/sbin/qemu-ga] [-floor=true]
//
// It builds ./cmd/agent as released (CGO_ENABLED=0), starts both agents
// with -m unix-listen in temporary directories (both with every dangerous
// command blocked, goqga with its real backend --os linux), runs each workload on
// each agent alternately -rounds times and prints the median of each with
// the ratio. It is a measurement, not a test: it never fails on a slow
// figure.
//
// Workloads: 20,000 sequential guest-ping round trips; 2,000 writes of 16
// pipelined pings; 256 MiB of guest-file-read at 64 KiB, 1 MiB and 4 MiB
// chunks and 144 MiB at 48 MiB chunks; 128 MiB of guest-file-write at
// 4 MiB chunks; 200 guest-exec of /bin/true, each polled (every 200 µs)
// until exited; 4 guest-exec of a program writing 16 MiB to stdout,
// collected with capture-output. For each, the agent's CPU time per request, exec or MB
// (from its threads' schedstat). Also RSS when idle (anonymous and file
// pages), peak RSS over the 48 MiB reads and over the 16 MiB execs (its
// high-water mark reset first), start-up to the first reply, and
// wake-ups per second while idle with no client attached.
//
// The KubeVirt poll cycle (kubevirt.go) asks the nine commands KubeVirt
// polls, one at a time, 200 times, then each alone 200 times: wall time
// and agent CPU per cycle and per call; for goqga also with
// GOMAXPROCS=1, in a second process.
//
// The floor (floor.go) is a third subject: this program, run with
// -canned-server, answering canned replies and doing no work. Its figures
// are the ceiling the client allows; no agent can pass them.
package main
