// Package clienttest provides a fake guest agent for tests of package
// client and of tools built on it.
//
// Contract: Start listens on a unix socket in a fresh temporary directory
// and serves every connection (and every Pipe) in its own goroutine. Input
// is decoded with a json.Decoder, so requests may be split or sent without
// newlines; 0xFF and 0xFE bytes are dropped before decoding. Each request
// is recorded, then passed to the Handler, which writes whatever raw bytes
// it likes (replies, junk, partial lines, nothing). A handler error or an
// undecodable request closes the connection. Close (registered with
// t.Cleanup) closes the listener and all connections and waits for every
// goroutine, so goleak stays quiet.
package clienttest
