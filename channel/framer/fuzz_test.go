package framer

import (
	"bytes"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fuzzLimits are tight enough that short fuzz inputs reach every limit.
var fuzzLimits = []Limits{{}, {MaxBytes: 32, MaxTokens: 8, MaxDepth: 3}}

// chunkCuts turns fuzzer bytes into cut points: each byte is the length of
// the next chunk (0 means one byte); no bytes means one byte per push.
func chunkCuts(data, sizes []byte) []int {
	var cuts []int
	for i, at := 0, 0; at < len(data); i++ {
		n := 1
		if len(sizes) > 0 {
			n = max(int(sizes[i%len(sizes)]), 1)
		}
		at += n
		cuts = append(cuts, min(at, len(data)))
	}
	return cuts
}

// skipLarge keeps inputs small: every framer path is reachable within a few
// KiB given fuzzLimits, and the fuzzer's minimisation of long inputs, run
// byte per push, would stall the run for a minute at a time.
func skipLarge(t *testing.T, data []byte) {
	if len(data) > 4096 {
		t.Skip("input over 4 KiB")
	}
}

// sameEvents is the cheap comparison for the fuzz loop; cmp.Diff only
// explains a failure.
func sameEvents(a, b []Event) bool {
	return slices.EqualFunc(a, b, func(x, y Event) bool {
		return x.Err == y.Err && bytes.Equal(x.Msg, y.Msg)
	})
}

// FuzzSplit checks split invariance: the events for data pushed whole equal
// those for data cut into the chunks the second input describes.
func FuzzSplit(f *testing.F) {
	f.Add([]byte(`{"execute":"guest-ping"}`), []byte{3})
	f.Add([]byte("\xff{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":1}}{\"a\":\"\\u00e9\\\"}\"}"), []byte{1, 7, 2})
	f.Add([]byte(`{"a": foo} 12 "s\q" [[[[]]]] }{]`), []byte{})
	f.Fuzz(func(t *testing.T, data, sizes []byte) {
		skipLarge(t, data)
		for _, l := range fuzzLimits {
			whole := pushChunks(t, l, data, nil)
			split := pushChunks(t, l, data, chunkCuts(data, sizes))
			if sameEvents(whole, split) {
				continue
			}
			if diff := cmp.Diff(render(whole), render(split)); diff != "" {
				t.Fatalf("limits %+v (-whole +split):\n%s", l, diff)
			}
		}
	})
}

// FuzzFramer checks that no input panics, memory stays bounded, events are
// well formed, and a sentinel always restores framing.
func FuzzFramer(f *testing.F) {
	f.Add([]byte(`{"execute":"guest-ping"}`))
	f.Add([]byte(`{"a":"\u12"} @ 01 tru`))
	f.Add([]byte("[[[[[[\"\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		skipLarge(t, data)
		for _, l := range fuzzLimits {
			evs := pushChunks(t, l, data, nil)
			checkEvents(t, l, evs)
			resync := append(append(data[:len(data):len(data)], 0xff), ping...)
			evs = pushChunks(t, l, resync, nil)
			if len(evs) == 0 || string(evs[len(evs)-1].Msg) != ping {
				t.Fatalf("limits %+v: events %q, want the ping last", l, render(evs))
			}
		}
	})
}
