package sysinfo

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseLoadAvg(t *testing.T) {
	sample, err := os.ReadFile("testdata/loadavg") // this machine's /proc/loadavg
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Fields(string(sample))[:3]
	got, err := ParseLoadAvg(sample)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if s := strings.TrimRight(strings.TrimRight(want[i], "0"), "."); got[i] == 0 && s != "" {
			t.Errorf("field %d: %v from %q", i, got[i], want[i])
		}
	}
	if a, err := ParseLoadAvg([]byte("0.59 0.31 0.13 5/152 17060\n")); err != nil || a != [3]float64{0.59, 0.31, 0.13} {
		t.Errorf("%v %v", a, err)
	}
	for _, bad := range []string{"", "1 2", "a b c", "-1 0 0", "NaN 0 0"} {
		if a, err := ParseLoadAvg([]byte(bad)); err == nil {
			t.Errorf("%q: %v accepted", bad, a)
		}
	}
}

func FuzzParseLoadAvg(f *testing.F) {
	f.Add([]byte("0.59 0.31 0.13 5/152 17060\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ParseLoadAvg(b)
		for _, v := range a {
			if err == nil && (v < 0 || v != v) {
				t.Fatalf("%v from %q", a, b)
			}
		}
	})
}

// The zone comes from the zone file at each call, or UTC without one.
func TestLinuxZone(t *testing.T) {
	dir := t.TempDir()
	l := &Linux{LocaltimePath: filepath.Join(dir, "localtime")}
	winter := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC).UnixNano()
	summer := time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC).UnixNano()
	if z, err := l.Zone(winter); err != nil || z != (Zone{"UTC", 0}) {
		t.Fatalf("no zone file: %+v %v", z, err)
	}
	berlin, _ := os.ReadFile("testdata/localtime-berlin")
	os.WriteFile(l.LocaltimePath, berlin, 0o644)
	if z, err := l.Zone(winter); err != nil || z != (Zone{"CET", 3600}) {
		t.Fatalf("winter: %+v %v", z, err)
	}
	if z, err := l.Zone(summer); err != nil || z != (Zone{"CEST", 7200}) {
		t.Fatalf("summer: %+v %v", z, err)
	}
	os.WriteFile(l.LocaltimePath, []byte("not a zone"), 0o644)
	if _, err := l.Zone(winter); err == nil {
		t.Fatal("a bad zone file accepted")
	}
}

// /etc/os-release first; /usr/lib/os-release when it is missing or not
// UTF-8; ErrNoOSRelease when neither is there.
func TestLinuxOSRelease(t *testing.T) {
	dir := t.TempDir()
	etc, lib := filepath.Join(dir, "etc"), filepath.Join(dir, "lib")
	l := &Linux{OSReleasePaths: []string{etc, lib}}
	if _, _, err := l.OSRelease(); !errors.Is(err, ErrNoOSRelease) {
		t.Fatalf("none: %v", err)
	}
	os.WriteFile(lib, []byte("ID=lib\n"), 0o644)
	if b, p, err := l.OSRelease(); err != nil || p != lib || string(b) != "ID=lib\n" {
		t.Fatalf("fallback: %q %s %v", b, p, err)
	}
	os.WriteFile(etc, []byte("ID=\xff\n"), 0o644)
	if _, p, err := l.OSRelease(); err != nil || p != lib {
		t.Fatalf("not UTF-8: %s %v", p, err)
	}
	os.WriteFile(etc, []byte("ID=etc\n"), 0o644)
	if _, p, err := l.OSRelease(); err != nil || p != etc {
		t.Fatalf("etc: %s %v", p, err)
	}
}
