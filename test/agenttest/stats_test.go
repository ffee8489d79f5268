package agenttest

import (
	"strings"
	"testing"
)

func TestParseStats(t *testing.T) {
	tests := []struct {
		line string
		ok   bool
		want Stats
	}{
		{"2026-11-27T07:44:10.633Z\tinfo\tgoqga stats\t{\"goroutines\": 4, \"heap_bytes\": 3381912, \"heap_objects\": 68710, \"rss_bytes\": 16683008, \"threads\": 8, \"fds\": 10}",
			true, Stats{Goroutines: 4, HeapBytes: 3381912, HeapObjects: 68710, RSSBytes: 16683008, Threads: 8, FDs: 10}},
		{"2026-11-27T07:44:10.161Z\tinfo\tgoqga serving\t{\"version\": \"0.1.0\"}", false, Stats{}},
		{"x\tinfo\tgoqga stats\t{\"goroutines\": 4, \"proc_error\": \"no /proc\"}", false, Stats{}},
		{"x\tinfo\tgoqga stats\t{\"goroutines\": 0}", false, Stats{}},
		{"x\tinfo\tgoqga stats\t{\"goroutines\": 3", false, Stats{}},
	}
	for _, tt := range tests {
		got, ok := ParseStats([]byte(tt.line))
		if ok != tt.ok || got != tt.want {
			t.Errorf("%q: %+v %v, want %+v %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
}

// The sink finds records split across writes and keeps only a bounded tail.
func TestLogSink(t *testing.T) {
	l := newLogSink()
	rec := "t\tinfo\tgoqga stats\t{\"goroutines\": 7, \"fds\": 3}\n"
	l.Write([]byte("noise\n" + rec[:10]))
	l.Write([]byte(rec[10:]))
	select {
	case s := <-l.stats:
		if s.Goroutines != 7 || s.FDs != 3 {
			t.Errorf("record %+v", s)
		}
	default:
		t.Fatal("no record")
	}
	l.Write([]byte(strings.Repeat("x", MaxLog+100) + "\n"))
	if n := len(l.String()); n > MaxLog {
		t.Errorf("tail %d bytes, bound %d", n, MaxLog)
	}
}

func FuzzParseStats(f *testing.F) {
	f.Add([]byte("t\tinfo\tgoqga stats\t{\"goroutines\": 4}"))
	f.Fuzz(func(t *testing.T, line []byte) {
		if s, ok := ParseStats(line); ok && s.Goroutines <= 0 {
			t.Errorf("accepted %+v", s)
		}
	})
}
