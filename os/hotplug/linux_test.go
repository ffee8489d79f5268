package hotplug

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// tree copies testdata/sys into a temporary directory the setters may
// write, and returns a Linux over it.
func tree(t *testing.T) *Linux {
	t.Helper()
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("testdata/sys")); err != nil {
		t.Fatal(err)
	}
	return &Linux{Root: root}
}

func sortCPUs(c []CPU) []CPU {
	slices.SortFunc(c, func(a, b CPU) int { return int(a.ID - b.ID) })
	return c
}

func sortBlocks(b []MemoryBlock) []MemoryBlock {
	slices.SortFunc(b, func(x, y MemoryBlock) int { return int(x.Index) - int(y.Index) })
	return b
}

func TestLinuxCPUs(t *testing.T) {
	l := tree(t)
	got, err := l.CPUs()
	if err != nil {
		t.Fatal(err)
	}
	want := []CPU{{ID: 0, Online: true}, {ID: 1, Online: true, CanOffline: true}}
	if !slices.Equal(sortCPUs(got), want) {
		t.Fatalf("CPUs = %+v, want %+v (cpufreq, cpuidle and the files are not CPUs)", got, want)
	}
	os.WriteFile(filepath.Join(l.Root, "cpu/cpu1/online"), []byte("0\n"), 0o644)
	got, _ = l.CPUs()
	if sortCPUs(got)[1].Online {
		t.Fatalf("cpu1 reads online after 0 was written: %+v", got)
	}
	os.WriteFile(filepath.Join(l.Root, "cpu/cpu1/online"), nil, 0o644)
	if _, err := l.CPUs(); err == nil || !strings.Contains(err.Error(), "unexpected EOF") {
		t.Fatalf("empty online file: %v", err)
	}
	if _, err := (&Linux{Root: t.TempDir()}).CPUs(); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("no cpu directory: %v", err)
	}
}

func TestLinuxSetCPU(t *testing.T) {
	l := tree(t)
	online := filepath.Join(l.Root, "cpu/cpu1/online")
	tests := []struct {
		id          int64
		online      bool
		changed     bool
		err, marker string // marker: what cpu1/online holds after
	}{
		{1, true, false, "", "1\n"}, // already online: no write
		{1, false, true, "", "0"},
		{1, false, false, "", "0"},
		{1, true, true, "", "1"},
		{0, true, false, "", "1"}, // no online file: always online
		{0, false, false, "logical processor #0 can't be offlined", "1"},
		{7, true, false, "no such file or directory", "1"},
		{-1, true, false, "no such file or directory", "1"},
	}
	for _, tt := range tests {
		changed, err := l.SetCPU(tt.id, tt.online)
		if changed != tt.changed || (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("SetCPU(%d, %v) = %v, %v; want %v, %q", tt.id, tt.online, changed, err, tt.changed, tt.err)
		}
		if b, _ := os.ReadFile(online); string(b) != tt.marker {
			t.Errorf("after SetCPU(%d, %v) cpu1/online holds %q, want %q", tt.id, tt.online, b, tt.marker)
		}
	}
}

func TestLinuxMemoryBlocks(t *testing.T) {
	l := tree(t)
	got, err := l.MemoryBlocks()
	if err != nil {
		t.Fatal(err)
	}
	want := []MemoryBlock{
		{Index: 0, Online: true, CanOffline: true}, {Index: 1, Online: true, CanOffline: true},
		{Index: 32, Online: true, CanOffline: true}, {Index: 188, Online: true, CanOffline: true},
		{Index: 189, Online: false, CanOffline: false},
	}
	if !slices.Equal(sortBlocks(got), want) {
		t.Fatalf("MemoryBlocks = %+v, want %+v", got, want)
	}
	size, err := l.MemoryBlockSize()
	if err != nil || size != 128<<20 {
		t.Fatalf("MemoryBlockSize = %d, %v; want 128 MiB", size, err)
	}
	// Without removable: not offlinable; without state: online, fixed.
	os.Remove(filepath.Join(l.Root, "memory/memory32/removable"))
	os.Remove(filepath.Join(l.Root, "memory/memory188/state"))
	got, _ = l.MemoryBlocks()
	got = sortBlocks(got)
	if got[2] != (MemoryBlock{Index: 32, Online: true}) || got[3] != (MemoryBlock{Index: 188, Online: true}) {
		t.Fatalf("after removing files: %+v", got)
	}
	none := &Linux{Root: t.TempDir()}
	if _, err := none.MemoryBlocks(); err != ErrNoMemory {
		t.Fatalf("no memory directory: %v, want ErrNoMemory", err)
	}
	if _, err := none.MemoryBlockSize(); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("no memory directory: size error %v", err)
	}
}

func TestLinuxSetMemoryBlock(t *testing.T) {
	l := tree(t)
	os.Remove(filepath.Join(l.Root, "memory/memory32/state"))
	tests := []struct {
		index   uint64
		online  bool
		changed bool
		kind    error // ErrNotFound, ErrUnsupported, nil
		errno   syscall.Errno
		state   string // memory1/state after
	}{
		{1, true, false, nil, 0, "online\n"},
		{1, false, true, nil, 0, "offline"},
		{1, false, false, nil, 0, "offline"},
		{1, true, true, nil, 0, "online"},
		{9, true, false, ErrNotFound, syscall.ENOENT, "online"},
		{32, true, false, nil, 0, "online"},
		{32, false, false, ErrUnsupported, syscall.ENOENT, "online"},
	}
	for _, tt := range tests {
		changed, err := l.SetMemoryBlock(tt.index, tt.online)
		var errno syscall.Errno
		errors.As(err, &errno)
		if changed != tt.changed || errno != tt.errno || (tt.kind != nil && !errors.Is(err, tt.kind)) || (tt.kind == nil && err != nil) {
			t.Errorf("SetMemoryBlock(%d, %v) = %v, %v; want %v, %v, errno %d", tt.index, tt.online, changed, err, tt.changed, tt.kind, tt.errno)
		}
		if b, _ := os.ReadFile(filepath.Join(l.Root, "memory/memory1/state")); string(b) != tt.state {
			t.Errorf("after SetMemoryBlock(%d, %v) memory1/state holds %q, want %q", tt.index, tt.online, b, tt.state)
		}
	}
	_, err := (&Linux{Root: t.TempDir()}).SetMemoryBlock(1, false)
	if !errors.Is(err, ErrUnsupported) || !errors.Is(err, syscall.ENOENT) {
		t.Fatalf("no memory directory: %v", err)
	}
}

func TestParseHexSize(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"8000000\n", 128 << 20, true},
		{"80000000", 2 << 30, true},
		{"  10x", 16, true},
		{"ffffffffffffffff", 1<<64 - 1, true},
		{"10000000000000000", 0, false}, // overflows
		{"", 0, false},
		{"\n", 0, false},
		{"zz", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseHexSize([]byte(tt.in))
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseHexSize(%q) = %d, %v", tt.in, got, err)
		}
	}
}

func FuzzParseHexSize(f *testing.F) {
	f.Add([]byte("8000000\n"))
	f.Add([]byte(" \tabcdef0123"))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := ParseHexSize(b)
		if err != nil && v != 0 {
			t.Fatalf("error with a value: %d", v)
		}
	})
}

func TestNumber(t *testing.T) {
	tests := []struct {
		name, prefix string
		want         uint64
		ok           bool
	}{
		{"cpu0", "cpu", 0, true}, {"cpu17", "cpu", 17, true}, {"cpufreq", "cpu", 0, false},
		{"cpu", "cpu", 0, false}, {"cpu+1", "cpu", 0, false}, {"cpu-1", "cpu", 0, false},
		{"memory188", "memory", 188, true}, {"memory_tiers", "memory", 0, false},
	}
	for _, tt := range tests {
		if got, ok := number(tt.name, tt.prefix); got != tt.want || ok != tt.ok {
			t.Errorf("number(%q) = %d, %v", tt.name, got, ok)
		}
	}
}
