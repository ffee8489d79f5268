package netinfo

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseDevStatsSamples(t *testing.T) {
	tests := []struct {
		file string
		want map[string]Stats
	}{
		{"proc_net_dev_container.txt", nil}, // checked against its own text below
		{"proc_net_dev_vm.txt", map[string]Stats{
			"lo": {RxBytes: 1298344, RxPackets: 14213, TxBytes: 1298344, TxPackets: 14213},
			"ens3": {RxBytes: 18446744073709551615, RxPackets: 88812311, RxErrs: 3, RxDropped: 17,
				TxBytes: 9223372036854775808, TxPackets: 41298771, TxErrs: 1, TxDropped: 2},
			"docker0":         {TxBytes: 1520, TxPackets: 16, TxDropped: 5},
			"veth1a2b3c4@if5": {RxBytes: 5213, RxPackets: 44, TxBytes: 91822, TxPackets: 711},
			"br-0f.100":       {RxBytes: 120, RxPackets: 2, TxBytes: 240, TxPackets: 4},
		}},
		// Old kernels wrote no space after the colon; fifo, frame,
		// compressed, multicast, colls and carrier are not reported.
		{"proc_net_dev_linux24.txt", map[string]Stats{
			"lo": {RxBytes: 3740, RxPackets: 44, TxBytes: 3740, TxPackets: 44},
			"eth0": {RxBytes: 2936425091, RxPackets: 3279473, RxErrs: 1, RxDropped: 2,
				TxBytes: 1294771723, TxPackets: 2163453, TxErrs: 7, TxDropped: 8},
		}},
	}
	for _, tt := range tests {
		b, err := os.ReadFile("testdata/" + tt.file)
		if err != nil {
			t.Fatal(err)
		}
		got := ParseDevStats(b)
		if tt.want == nil {
			tt.want = statsFromText(t, string(b))
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.file, diff)
		}
	}
}

// statsFromText reads a well-formed sample with fmt, independently of
// ParseDevStats.
func statsFromText(t *testing.T, s string) map[string]Stats {
	out := map[string]Stats{}
	for _, line := range strings.Split(s, "\n")[2:] {
		name, rest, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		var v [16]uint64
		p := make([]any, 16)
		for i := range v {
			p[i] = &v[i]
		}
		if _, err := fmt.Sscan(rest, p...); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		out[name] = Stats{v[0], v[1], v[2], v[3], v[8], v[9], v[10], v[11]}
	}
	if len(out) == 0 {
		t.Fatal("empty sample")
	}
	return out
}

func TestParseDevStatsLines(t *testing.T) {
	const sixteen = " 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"
	full := Stats{1, 2, 3, 4, 9, 10, 11, 12}
	tests := []struct {
		name string
		in   string
		want map[string]Stats
	}{
		{"plain", "eth0:" + sixteen, map[string]Stats{"eth0": full}},
		{"leading white space", " \t eth0:" + sixteen + "\n", map[string]Stats{"eth0": full}},
		{"CRLF and trailing junk", "eth0:" + sixteen + " 17 x\r\n", map[string]Stats{"eth0": full}},
		{"fifteen counters", "eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15", map[string]Stats{}},
		{"a counter with junk", "eth0: 1 2x 3 4 5 6 7 8 9 10 11 12 13 14 15 16", map[string]Stats{}},
		{"negative counter", "eth0: -1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", map[string]Stats{}},
		{"overflow", "eth0: 18446744073709551616 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", map[string]Stats{}},
		{"no colon", "eth0" + sixteen, map[string]Stats{}},
		{"empty name", ":" + sixteen, map[string]Stats{}},
		{"first line wins", "a:" + sixteen + "\na: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0", map[string]Stats{"a": full}},
		{"bad line then good", "a: 1\na:" + sixteen, map[string]Stats{"a": full}},
		{"name up to the first colon", "a:b:" + sixteen, map[string]Stats{}},
		{"empty", "", map[string]Stats{}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, ParseDevStats([]byte(tt.in))); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestParseDevStatsBounded(t *testing.T) {
	var b strings.Builder
	for i := range maxStats + 10 {
		fmt.Fprintf(&b, "if%d: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n", i)
	}
	if n := len(ParseDevStats([]byte(b.String()))); n != maxStats {
		t.Fatalf("%d entries, want the bound %d", n, maxStats)
	}
}
