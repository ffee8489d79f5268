package kstat

import (
	"os"
	"testing"
)

func read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseStatHost(t *testing.T) {
	got := ParseStat(read(t, "proc_stat_host.txt"))
	want := []CPUStat{
		{CPU: 0, Ticks: [10]uint64{7383, 0, 1608, 28798, 195, 0, 127, 6, 0, 0}, N: 10},
		{CPU: 1, Ticks: [10]uint64{7533, 0, 1616, 28651, 129, 0, 159, 16, 0, 0}, N: 10},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

// An old kernel's 8 counters; a CPU line with 3 counters ends the parse,
// as qemu-ga's does, so cpu3 after it is not reported.
func TestParseStatOld(t *testing.T) {
	got := ParseStat(read(t, "proc_stat_old.txt"))
	if len(got) != 2 || got[0].N != 8 || got[1].CPU != 1 || got[1].Ticks[6] != 4 {
		t.Fatalf("got %+v", got)
	}
}

func TestParseStatLines(t *testing.T) {
	tests := []struct {
		in   string
		cpus []int64
		ns   []int
	}{
		{"", nil, nil},
		{"cpu 1 2 3 4\n", nil, nil}, // the total is not a CPU
		{"cpu7 1 2 3 4 5 x 6\n", []int64{7}, []int{5}},
		{"  cpu12\t1 2 3 4 5 6 7 8 9 10 11 12", []int64{12}, []int{10}},
		{"cpux 1 2 3 4\ncpu1 1 2 3 4", []int64{0, 1}, []int{4, 4}},
		{"cpu1 -1 2 3 4", nil, nil},
		{"cpu1 1 2 3 4\ncpu2 1 2 3\ncpu3 1 2 3 4", []int64{1}, []int{4}},
	}
	for _, tt := range tests {
		got := ParseStat([]byte(tt.in))
		if len(got) != len(tt.cpus) {
			t.Errorf("%q: got %+v", tt.in, got)
			continue
		}
		for i := range got {
			if got[i].CPU != tt.cpus[i] || got[i].N != tt.ns[i] {
				t.Errorf("%q: entry %d = %+v", tt.in, i, got[i])
			}
		}
	}
}

func TestParseDiskstatsHost(t *testing.T) {
	got := ParseDiskstats(read(t, "proc_diskstats_host.txt"))
	if len(got) != 10 {
		t.Fatalf("got %d entries, want the file's 10", len(got))
	}
	for _, d := range got {
		if d.N != 17 || d.Name == "" {
			t.Errorf("entry %+v: want 17 counters and a name", d)
		}
	}
	if got[0].Major != 7 || got[0].Minor != 0 || got[0].Name != "loop0" {
		t.Errorf("first entry %+v", got[0])
	}
}

func TestParseDiskstatsOld(t *testing.T) {
	got := ParseDiskstats(read(t, "proc_diskstats_old.txt"))
	want := []struct {
		name  string
		n     int
		first uint64
		last  uint64
	}{{"sda", 11, 4242, 4027}, {"sda1", 4, 4101, 53112}, {"sda2", 4, 12, 0}, {"dm-0", 15, 3000, 4}, {"dm-1", 17, 3000, 12}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i, w := range want {
		d := got[i]
		if d.Name != w.name || d.N != w.n || d.Counters[0] != w.first || d.Counters[w.n-1] != w.last {
			t.Errorf("entry %d = %+v, want %+v", i, d, w)
		}
	}
}

func FuzzParseStat(f *testing.F) {
	f.Add(read(f, "proc_stat_host.txt"))
	f.Add(read(f, "proc_stat_old.txt"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, s := range ParseStat(b) {
			if s.N < 4 || s.N > 10 || s.CPU < 0 {
				t.Fatalf("bad entry %+v", s)
			}
		}
	})
}

func FuzzParseDiskstats(f *testing.F) {
	f.Add(read(f, "proc_diskstats_host.txt"))
	f.Add(read(f, "proc_diskstats_old.txt"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, d := range ParseDiskstats(b) {
			if d.N < 4 || d.N > 17 || d.Name == "" {
				t.Fatalf("bad entry %+v", d)
			}
		}
	})
}

func TestLinuxAndSim(t *testing.T) {
	l := &Linux{StatPath: "testdata/proc_stat_host.txt", DiskstatsPath: "testdata/proc_diskstats_old.txt"}
	if c, err := l.CPUStats(); err != nil || len(c) != 2 {
		t.Fatalf("CPUStats = %+v, %v", c, err)
	}
	if d, err := l.DiskStats(); err != nil || len(d) != 5 {
		t.Fatalf("DiskStats = %+v, %v", d, err)
	}
	if _, err := (&Linux{StatPath: "testdata/none"}).CPUStats(); err == nil {
		t.Fatal("a missing file is not an error")
	}
}

// The parsers' cost per call on this machine's files (KubeVirt asks every
// 20 s): go test -bench . ./os/kstat/
func BenchmarkParseStat(b *testing.B) {
	data := read(b, "proc_stat_host.txt")
	b.ReportAllocs()
	for b.Loop() {
		ParseStat(data)
	}
}

func BenchmarkParseDiskstats(b *testing.B) {
	data := read(b, "proc_diskstats_host.txt")
	b.ReportAllocs()
	for b.Loop() {
		ParseDiskstats(data)
	}
}

// Reading and parsing, as the Linux backend does each call (the figure
// to set beside prometheus/procfs's, docs/STATS.md).
func BenchmarkLinuxReadAndParse(b *testing.B) {
	l := &Linux{StatPath: "testdata/proc_stat_host.txt", DiskstatsPath: "testdata/proc_diskstats_host.txt"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := l.CPUStats(); err != nil {
			b.Fatal(err)
		}
		if _, err := l.DiskStats(); err != nil {
			b.Fatal(err)
		}
	}
}
