package net

import (
	"encoding/json"
	"errors"
	"net/netip"
	"testing"

	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/netinfo"
)

// fakeSource is a guest's network on paper.
type fakeSource struct {
	links            []netinfo.Link
	addrs            []netinfo.Addr
	stats            map[string]netinfo.Stats
	lerr, aerr, serr error
	calls            int
}

func (f *fakeSource) Links() ([]netinfo.Link, error) { f.calls++; return f.links, f.lerr }
func (f *fakeSource) Addrs() ([]netinfo.Addr, error) { f.calls++; return f.addrs, f.aerr }
func (f *fakeSource) Stats() (map[string]netinfo.Stats, error) {
	f.calls++
	return f.stats, f.serr
}

func addr(index int32, label, cidr string) netinfo.Addr {
	p := netip.MustParsePrefix(cidr)
	return netinfo.Addr{Index: index, Label: label, IP: p.Addr(), Prefix: p.Bits()}
}

// namespace is the network namespace whose netlink dumps are in
// os/netinfo/testdata; qemuGA is what Debian's qemu-ga 7.2 answered for
// it (keys reordered, tp0's counters as they were).
var namespace = fakeSource{
	links: []netinfo.Link{
		{Index: 1, Name: "lo", HWAddr: []byte{0, 0, 0, 0, 0, 0}},
		{Index: 2, Name: "t1", HWAddr: []byte{}},
		{Index: 3, Name: "tp0", HWAddr: []byte{0x86, 0xa3, 0x1b, 0x02, 0xb2, 0x50}},
		{Index: 4, Name: "t2", HWAddr: []byte{}},
	},
	addrs: []netinfo.Addr{
		addr(1, "lo", "127.0.0.1/8"),
		addr(2, "t1", "10.9.9.1/32"),
		addr(3, "tp0:1", "10.1.2.3/24"),
		addr(3, "tp0", "10.1.3.3/16"),
		addr(1, "", "::1/128"),
		addr(2, "", "2001:db8::1:0:0:1/64"),
		addr(3, "", "::ffff:1.2.3.4/96"),
		addr(3, "", "::102:304/96"),
		addr(3, "", "2001:db8::5/64"),
	},
	stats: map[string]netinfo.Stats{"lo": {}, "t1": {}, "tp0": {TxDropped: 2}, "t2": {}},
}

const zeros = `{"rx-bytes":0,"rx-packets":0,"rx-errs":0,"rx-dropped":0,"tx-bytes":0,"tx-packets":0,"tx-errs":0,"tx-dropped":0}`

const qemuGA = `[` +
	`{"name":"lo","hardware-address":"00:00:00:00:00:00","ip-addresses":[` +
	`{"ip-address":"127.0.0.1","ip-address-type":"ipv4","prefix":8},` +
	`{"ip-address":"::1","ip-address-type":"ipv6","prefix":128}],"statistics":` + zeros + `},` +
	`{"name":"t1","hardware-address":"00:00:00:00:00:00","ip-addresses":[` +
	`{"ip-address":"10.9.9.1","ip-address-type":"ipv4","prefix":32},` +
	`{"ip-address":"2001:db8::1:0:0:1","ip-address-type":"ipv6","prefix":64}],"statistics":` + zeros + `},` +
	`{"name":"tp0","hardware-address":"86:a3:1b:02:b2:50","ip-addresses":[` +
	`{"ip-address":"10.1.3.3","ip-address-type":"ipv4","prefix":16},` +
	`{"ip-address":"::ffff:1.2.3.4","ip-address-type":"ipv6","prefix":96},` +
	`{"ip-address":"::1.2.3.4","ip-address-type":"ipv6","prefix":96},` +
	`{"ip-address":"2001:db8::5","ip-address-type":"ipv6","prefix":64}],` +
	`"statistics":{"rx-bytes":0,"rx-packets":0,"rx-errs":0,"rx-dropped":0,"tx-bytes":0,"tx-packets":0,"tx-errs":0,"tx-dropped":2}},` +
	`{"name":"t2","hardware-address":"00:00:00:00:00:00"},` +
	`{"name":"tp0:1","hardware-address":"86:a3:1b:02:b2:50","ip-addresses":[` +
	`{"ip-address":"10.1.2.3","ip-address-type":"ipv4","prefix":24}]}]`

func TestBuild(t *testing.T) {
	ns := namespace
	noStats := namespace
	noStats.stats = nil
	orphan := fakeSource{
		links: []netinfo.Link{{Index: 1, Name: "eth0"}},
		addrs: []netinfo.Addr{addr(9, "", "fd00::9/64"), addr(1, "", "fd00::1/64"), addr(9, "gone:0", "10.0.0.9/8")},
		stats: map[string]netinfo.Stats{"eth1": {RxBytes: 1}},
	}
	tests := []struct {
		name string
		src  *fakeSource
		want string
	}{
		{"as qemu-ga", &ns, qemuGA},
		{"empty", &fakeSource{}, `[]`},
		{"unreadable counters", &noStats, stripStats(t, qemuGA)},
		// The address of an unknown link is dropped, unless it has a
		// label; a label without a link has no MAC; counters are by exact name.
		{"orphans", &orphan, `[{"name":"eth0","ip-addresses":[{"ip-address":"fd00::1","ip-address-type":"ipv6","prefix":64}]},` +
			`{"name":"gone:0","ip-addresses":[{"ip-address":"10.0.0.9","ip-address-type":"ipv4","prefix":8}]}]`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(build(tt.src.links, tt.src.addrs, tt.src.stats))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, b, tt.want)
		}
	}
}

// stripStats removes every statistics member from a reply.
func stripStats(t *testing.T, s string) string {
	var v []map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, e := range v {
		delete(e, "statistics")
		ifc := Interface{Name: e["name"].(string)}
		ifc.HWAddr, _ = e["hardware-address"].(string)
		if ips, ok := e["ip-addresses"]; ok {
			b, _ := json.Marshal(ips)
			json.Unmarshal(b, &ifc.IPAddresses)
		}
		b, _ := json.Marshal(ifc)
		out = append(out, string(b))
	}
	b := "["
	for i, o := range out {
		if i > 0 {
			b += ","
		}
		b += o
	}
	return b + "]"
}

func run(t *testing.T, src netinfo.Source) string {
	t.Helper()
	l := New(src, nil, nil)
	req := &command.Request{Spec: &Specs[0], ID: []byte("7")}
	step := l.Handle(req)
	if f, ok := src.(*fakeSource); ok && f.calls != 0 {
		t.Fatal("Handle read the OS inside the actor")
	}
	if step.Op == nil {
		return string(step.Reply.Line)
	}
	res, err := step.Op()
	return string(step.Then(res, err).Line)
}

func TestLogic(t *testing.T) {
	eio := errors.New("input/output error")
	tests := []struct {
		name string
		src  *fakeSource
		want string
	}{
		{"ok", &fakeSource{links: []netinfo.Link{{Index: 1, Name: "lo", HWAddr: []byte{}}}},
			`{"return":[{"name":"lo","hardware-address":"00:00:00:00:00:00"}],"id":7}` + "\n"},
		{"links fail", &fakeSource{lerr: eio},
			`{"error":{"class":"GenericError","desc":"failed to list network interfaces: input/output error"},"id":7}` + "\n"},
		{"addresses fail", &fakeSource{aerr: eio},
			`{"error":{"class":"GenericError","desc":"failed to list network addresses: input/output error"},"id":7}` + "\n"},
		{"counters fail: omitted", &fakeSource{links: []netinfo.Link{{Index: 1, Name: "lo"}},
			addrs: []netinfo.Addr{addr(1, "lo", "127.0.0.1/8")}, stats: map[string]netinfo.Stats{"lo": {}}, serr: eio},
			`{"return":[{"name":"lo","ip-addresses":[{"ip-address":"127.0.0.1","ip-address-type":"ipv4","prefix":8}]}],"id":7}` + "\n"},
	}
	for _, tt := range tests {
		if got := run(t, tt.src); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}
