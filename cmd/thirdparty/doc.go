// Command thirdparty writes THIRD_PARTY_LICENSES: the licence of every
// module linked into the shipped binaries (goqga and qga, built static),
// and of the Go standard library and runtime, with each licence's text.
//
//	go run ./cmd/thirdparty > THIRD_PARTY_LICENSES     (make licenses)
//
// Invariants: the module list is the one the go command links for
// ./cmd/agent and ./cmd/qga with CGO_ENABLED=0 (go list -deps), so a
// dependency added or removed changes the file; TestFileIsCurrent fails
// until the committed file is regenerated, and the VM suite's package test
// checks the list against `go version -m` of the packaged binary. A module
// whose licence file is missing or not recognised is an error, never a
// silent omission.
package main
