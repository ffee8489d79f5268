package procstat

import (
	"os"
	"testing"
)

func TestParseStatus(t *testing.T) {
	tests := []struct {
		name, in string
		want     Stats
		ok       bool
	}{
		{"linux", "Name:\tagent\nVmRSS:\t   12344 kB\nThreads:\t7\n", Stats{RSSBytes: 12344 * 1024, Threads: 7}, true},
		{"kernel thread has no VmRSS", "Name:\tkthreadd\nThreads:\t1\n", Stats{}, false},
		{"no unit", "VmRSS:\t12\nThreads:\t1\n", Stats{}, false},
		{"wrong unit", "VmRSS:\t12 MB\nThreads:\t1\n", Stats{}, false},
		{"negative", "VmRSS:\t-1 kB\nThreads:\t1\n", Stats{}, false},
		{"huge", "VmRSS:\t9223372036854775807 kB\nThreads:\t1\n", Stats{}, false},
		{"no trailing newline", "Threads:\t3\nVmRSS:\t4 kB", Stats{RSSBytes: 4096, Threads: 3}, true},
		{"empty", "", Stats{}, false},
	}
	for _, tt := range tests {
		got, err := ParseStatus([]byte(tt.in))
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("%s: %+v, %v; want %+v ok=%v", tt.name, got, err, tt.want, tt.ok)
		}
	}
}

// Opening a file adds exactly one to Self's descriptor count, and the
// count of our own pid read from outside agrees.
func TestSelfCountsDescriptors(t *testing.T) {
	before, err := Self()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	after, err := Self()
	f.Close()
	if err != nil || after.FDs != before.FDs+1 {
		t.Errorf("fds %d then %d (%v), want +1", before.FDs, after.FDs, err)
	}
	if before.RSSBytes <= 0 || before.Threads <= 0 {
		t.Errorf("implausible %+v", before)
	}
	of, err := Of(os.Getpid())
	if err != nil || of.FDs != before.FDs+1 { // Of's own listing descriptor is counted
		t.Errorf("Of(self) fds %d (%v), want %d", of.FDs, err, before.FDs+1)
	}
	if _, err := Of(-5); err == nil {
		t.Error("Of(-5) succeeded")
	}
}

func FuzzParseStatus(f *testing.F) {
	f.Add([]byte("VmRSS:\t1 kB\nThreads:\t1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseStatus(b)
		if err == nil && (s.RSSBytes < 0 || s.Threads < 0) {
			t.Errorf("negative figures %+v from %q", s, b)
		}
	})
}
