package netinfo

import (
	"errors"
	"io/fs"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/os/sim"
)

func TestSimDefault(t *testing.T) {
	s, err := NewSim(sim.Default())
	if err != nil {
		t.Fatal(err)
	}
	links, _ := s.Links()
	want := []Link{
		{Index: 1, Name: "lo", HWAddr: []byte{0, 0, 0, 0, 0, 0}},
		{Index: 2, Name: "eth0", HWAddr: []byte{0x52, 0x54, 0, 0x12, 0x34, 0x56}},
	}
	if diff := cmp.Diff(want, links); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
	addrs, _ := s.Addrs()
	wantAddrs := []Addr{ // IPv4 first, as the kernel lists them
		{Index: 1, Label: "lo", IP: netip.MustParseAddr("127.0.0.1"), Prefix: 8},
		{Index: 2, Label: "eth0", IP: netip.MustParseAddr("192.0.2.10"), Prefix: 24},
		{Index: 1, IP: netip.MustParseAddr("::1"), Prefix: 128},
		{Index: 2, IP: netip.MustParseAddr("2001:db8::10"), Prefix: 64},
	}
	if diff := cmp.Diff(wantAddrs, addrs, cmp.Comparer(func(a, b netip.Addr) bool { return a == b })); diff != "" {
		t.Errorf("addrs (-want +got):\n%s", diff)
	}
	stats, _ := s.Stats()
	if diff := cmp.Diff(map[string]Stats{"lo": {}, "eth0": {}}, stats); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
}

func TestSimWorld(t *testing.T) {
	w := &sim.World{Interfaces: []sim.Interface{
		{Name: "eth1", Stats: &sim.Stats{RxBytes: 1, TxDropped: 8}},
		{Name: "wg0", MAC: "AA:BB:CC:DD:EE:FF", Addrs: []string{"fd00::1/64", "10.0.0.1/8"}},
	}}
	s, err := NewSim(w)
	if err != nil {
		t.Fatal(err)
	}
	links, _ := s.Links()
	if links[0].HWAddr != nil || links[1].Index != 2 || links[1].HWAddr[0] != 0xaa {
		t.Errorf("links %+v", links)
	}
	addrs, _ := s.Addrs()
	if len(addrs) != 2 || !addrs[0].IP.Is4() || addrs[1].IP.Is4() {
		t.Errorf("addrs %+v", addrs)
	}
	stats, _ := s.Stats()
	if stats["eth1"] != (Stats{RxBytes: 1, TxDropped: 8}) {
		t.Errorf("stats %+v", stats)
	}
	stats["eth1"] = Stats{}
	if again, _ := s.Stats(); again["eth1"].RxBytes != 1 {
		t.Error("callers can change the simulated counters")
	}
}

func TestSimBadWorld(t *testing.T) {
	tests := []struct {
		name string
		ifcs []sim.Interface
		err  string
	}{
		{"no name", []sim.Interface{{}}, "has no name"},
		{"duplicate", []sim.Interface{{Name: "a"}, {Name: "a"}}, "listed twice"},
		{"bad MAC", []sim.Interface{{Name: "a", MAC: "zz"}}, "invalid MAC"},
		{"bad CIDR", []sim.Interface{{Name: "a", Addrs: []string{"10.0.0.1"}}}, `bad address "10.0.0.1"`},
		{"zoned", []sim.Interface{{Name: "a", Addrs: []string{"fe80::1%a/64"}}}, "bad address"},
	}
	for _, tt := range tests {
		_, err := NewSim(&sim.World{Interfaces: tt.ifcs})
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.err)
		}
	}
	many := make([]sim.Interface, MaxLinks+1)
	if _, err := NewSim(&sim.World{Interfaces: many}); err != ErrTooManyLinks {
		t.Errorf("too many links: %v", err)
	}
}

func TestFaults(t *testing.T) {
	s, _ := NewSim(sim.Default())
	tests := []struct {
		spec                     string
		links, addrs, statsFails bool
	}{
		{"os.netinfo@links=error(EIO)", true, false, false},
		{"os.netinfo@addrs=error(EIO)", false, true, false},
		{"os.netinfo@/proc/net/dev=error(ENOENT)", false, false, true},
		{"os.netinfo=error(EACCES)", true, true, true},
	}
	for _, tt := range tests {
		inj, err := faults.Parse(tt.spec)
		if err != nil {
			t.Fatal(err)
		}
		f := WithFaults(s, inj)
		_, lerr := f.Links()
		_, aerr := f.Addrs()
		_, serr := f.Stats()
		if (lerr != nil) != tt.links || (aerr != nil) != tt.addrs || (serr != nil) != tt.statsFails {
			t.Errorf("%s: %v %v %v", tt.spec, lerr, aerr, serr)
		}
	}
	if WithFaults(s, nil) != Source(s) {
		t.Error("a nil injector must not wrap")
	}
}

func TestSimRoutes(t *testing.T) {
	w := &sim.World{Kernel: sim.DefaultKernel()}
	s, err := NewSim(w)
	if err != nil {
		t.Fatal(err)
	}
	r4, _ := s.Routes4()
	r6, err := s.Routes6()
	if len(r4) != 2 || len(r6) != 3 || err != nil {
		t.Fatalf("%+v %+v %v", r4, r6, err)
	}
	if r4[1].Mask != netip.MustParseAddr("255.255.255.0") || r4[0].Gateway != netip.MustParseAddr("192.0.2.1") {
		t.Errorf("%+v", r4)
	}
	if r6[1].NextHop != netip.MustParseAddr("2001:db8::1") || r6[0].DestPrefix != 64 || r6[2].Metric != 0xffffffff {
		t.Errorf("%+v", r6)
	}
	w.Kernel.NoIPv6 = true
	s, _ = NewSim(w)
	if _, err := s.Routes6(); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no IPv6: %v", err)
	}
	w.Kernel.Routes = []sim.Route{{Iface: "eth0", Destination: "10.0.0.0/8", Gateway: "fd00::1"}}
	if _, err := NewSim(w); err == nil {
		t.Error("an IPv6 gateway on an IPv4 route was taken")
	}
}
