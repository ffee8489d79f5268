// Package soak drives the built agent with a long stream of mixed
// requests and reports whether anything grew: resident memory, open
// descriptors and goroutines, sampled after a warm-up and again at the
// end. cmd/soak runs it (a million requests by default); soak_test.go
// runs a short version in the default test run.
//
// The mix covers every read-only domain and the files domain: pings,
// syncs (plain and delimited), guest-info, the network listing, the
// freeze status, writes, seeks, reads and flushes on a few long-lived
// handles, open/close cycles, unknown commands and bad arguments. Every
// Depth requests go out in one write (the host pipelines them) and every
// reply is checked: in order, with the request's id, an error exactly
// where one is due. The session is dropped and reopened every Reconnect
// requests, so per-session resources are churned too.
//
// Invariants:
//   - The agent runs --os sim in the run's directory: nothing outside it
//     is touched.
//   - Memory of the harness is bounded: a batch at a time, no history
//     beyond counters.
//   - Check compares the start and end samples against a Tolerance that
//     the report states next to the figures.
package soak
