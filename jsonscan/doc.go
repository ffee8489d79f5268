// Package jsonscan holds the one hot loop that the channel's framer, the
// command validator and the host client run over every byte of a JSON
// string body:
// finding how far the bytes need no attention. A 4 MiB guest-file-write
// is 5.6 MB of base64 inside one string, so this loop, run twice per
// request (framing, then validation), decides how fast writes go.
//
// Invariant: PlainLen(s) is the index of the first byte of s that is a
// quote, a backslash, a control byte (< 0x20) or a byte of 0x80 or more
// (part of a UTF-8 sequence, which the caller checks, or a stream sentinel
// 0xFE, 0xFF), or len(s) if there is none; no input makes it read past s.
// Base64 and command names are ASCII: the fast path is theirs.
package jsonscan
