package vm

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestParseKernelDepends(t *testing.T) {
	debian, err := os.ReadFile("testdata/apt-show-linux-image-amd64.txt") // apt-cache show, Debian 12
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, show, pkg, ver string }{
		{"debian 12", string(debian), "linux-image-6.1.0-56-amd64", "6.1.192-2"},
		{"alternatives", "Depends: foo | linux-image-6.1.0-9-amd64 (= 6.1.27-1), bar\n", "linux-image-6.1.0-9-amd64", "6.1.27-1"},
		{"no version", "Depends: linux-image-6.1.0-9-amd64\n", "", ""},
		{"other package", "Depends: linux-base (= 1)\n", "", ""},
		{"no depends", "Package: x\n", "", ""},
		{"not the first field", "Pre-Depends: linux-image-x (= 1)\n", "", ""},
	} {
		pkg, ver, err := ParseKernelDepends([]byte(tc.show))
		if pkg != tc.pkg || ver != tc.ver || (err == nil) != (tc.pkg != "") {
			t.Errorf("%s: %q %q %v, want %q %q", tc.name, pkg, ver, err, tc.pkg, tc.ver)
		}
	}
}

func FuzzParseKernelDepends(f *testing.F) {
	f.Fuzz(func(t *testing.T, show []byte) {
		pkg, ver, err := ParseKernelDepends(show)
		if err != nil {
			return
		}
		// What reaches apt-get download and a cache path: one word each.
		if !strings.HasPrefix(pkg, "linux-image-") || ver == "" || strings.ContainsAny(pkg+ver, " /()\n\t") {
			t.Fatalf("%q %q from %q", pkg, ver, show)
		}
	})
}

func TestParseEnd(t *testing.T) {
	for _, tc := range []struct {
		line        string
		seq, status int
		ok          bool
	}{
		{"@@goqga-end 3 0", 3, 0, true},
		{"@@goqga-end 12 127", 12, 127, true},
		{"@@goqga-end 3", 0, 0, false},
		{"@@goqga-end x 0", 0, 0, false},
		{"@@goqga-end 3 -1", 0, 0, false},
		{" @@goqga-end 3 0", 0, 0, false},
		{"output", 0, 0, false},
	} {
		seq, status, ok := ParseEnd(tc.line)
		if seq != tc.seq || status != tc.status || ok != tc.ok {
			t.Errorf("%q: %d %d %v", tc.line, seq, status, ok)
		}
	}
}

func FuzzParseEnd(f *testing.F) {
	f.Fuzz(func(t *testing.T, line string) {
		seq, status, ok := ParseEnd(line)
		if !ok {
			return
		}
		if line != endMarker+strconv.Itoa(seq)+" "+strconv.Itoa(status) && !strings.ContainsAny(line, "+0") {
			t.Fatalf("%q read as %d %d", line, seq, status)
		}
	})
}

func TestProcCPU(t *testing.T) {
	for _, tc := range []struct {
		stat string
		want uint64
		ok   bool
	}{
		{"135 (goqga-agent) S 1 135 1 0 -1 4194560 1234 0 0 0 17 4 0 0 20 0 5 0 100", 21, true},
		{"7 (a) b (c)) R 1 2 3 4 5 6 7 8 9 10 11 99 1 0", 110, true}, // a name with ") "
		{"7 (x) R 1 2 3 4 5 6 7 8 9 10 11", 0, false},                // too short
		{"7 (x) R 1 2 3 4 5 6 7 8 9 10 -1 2", 0, false},
		{"no name", 0, false},
	} {
		got, err := ProcCPU(tc.stat)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("%q: %d, %v", tc.stat, got, err)
		}
	}
}

func FuzzProcCPU(f *testing.F) {
	f.Fuzz(func(t *testing.T, stat string) {
		n, err := ProcCPU(stat)
		if err == nil && n > 1<<63 {
			t.Fatalf("%q: %d", stat, n)
		}
	})
}

func TestHasVirtExtensions(t *testing.T) {
	for in, want := range map[string]bool{
		"flags\t\t: fpu vmx sse\n":                         true,
		"flags : svm\n":                                    true,
		"flags\t\t: fpu svmx hypervisor\n":                 false, // whole words only
		"model name\t: vmx\nflags\t\t: fpu\n":              false,
		"processor\t: 0\nflags\t\t: fpu\n\nflags\t: vmx\n": true,
		"": false,
	} {
		if got := HasVirtExtensions([]byte(in)); got != want {
			t.Errorf("%q: %v", in, got)
		}
	}
}

func FuzzHasVirtExtensions(f *testing.F) {
	f.Fuzz(func(t *testing.T, cpuinfo []byte) {
		if HasVirtExtensions(cpuinfo) && !strings.Contains(string(cpuinfo), "vmx") && !strings.Contains(string(cpuinfo), "svm") {
			t.Fatalf("%q", cpuinfo)
		}
	})
}

func TestMatchLine(t *testing.T) {
	log := []byte("goqga-vm: agent started pid=1\r\nnoise\ngoqga-vm: agent started pid=22\npartial goqga-vm: agent started pid=3")
	for _, tc := range []struct {
		since int64
		want  string
		end   int64
	}{
		{0, "1", 31},   // a CR LF line matches
		{1, "22", 68},  // a line started before since is skipped
		{32, "22", 68}, // so is the rest of "noise"
		{68, "", 0},    // an incomplete last line does not match
		{-5, "", 0},
		{1000, "", 0},
	} {
		m, end, ok := MatchLine(log, MarkAgentStarted, tc.since)
		got := ""
		if ok {
			got = m[1]
		}
		if got != tc.want || end != tc.end {
			t.Errorf("since %d: %q end %d, want %q end %d", tc.since, got, end, tc.want, tc.end)
		}
	}
}

func FuzzMatchLine(f *testing.F) {
	re := regexp.MustCompile(`pid=(\d+)`)
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, since := range []int64{0, int64(len(b) / 2)} {
			m, end, ok := MatchLine(b, re, since)
			if !ok {
				continue
			}
			if end <= since || end > int64(len(b)) || b[end-1] != '\n' || !strings.Contains(string(b[since:end]), m[0]) {
				t.Fatalf("%q since %d: %q end %d", b, since, m, end)
			}
		}
	})
}
