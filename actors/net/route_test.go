package net

import (
	"io/fs"
	"net/netip"
	"strings"
	"syscall"
	"testing"

	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/netinfo"
)

type fakeRoutes struct {
	v4, v6     []netinfo.Route
	err4, err6 error
	calls      int
}

func (f *fakeRoutes) Routes4() ([]netinfo.Route, error) { f.calls++; return f.v4, f.err4 }
func (f *fakeRoutes) Routes6() ([]netinfo.Route, error) { f.calls++; return f.v6, f.err6 }

func runRoutes(t *testing.T, f *fakeRoutes) string {
	t.Helper()
	l := New(nil, f, nil)
	step := l.Handle(&command.Request{Spec: &Specs[1]})
	if f.calls != 0 {
		t.Fatal("Handle read the OS inside the actor")
	}
	res, err := step.Op()
	return strings.TrimSpace(string(step.Then(res, err).Line))
}

var (
	v4 = netinfo.Route{Version: 4, Iface: "eth0", Dest: netip.MustParseAddr("0.0.0.0"), Gateway: netip.MustParseAddr("192.0.2.1"),
		Mask: netip.MustParseAddr("0.0.0.0"), Flags: 3, Metric: 0xffffffff, MTU: 1500}
	v6 = netinfo.Route{Version: 6, Iface: "lo", Dest: netip.MustParseAddr("::"), Source: netip.MustParseAddr("::"),
		NextHop: netip.MustParseAddr("::102:304"), Metric: 0xffffffff, Flags: 0x80200001, RefCnt: 1, DestPrefix: 0, SrcPrefix: 0}
	v4JSON = `{"iface":"eth0","destination":"0.0.0.0","metric":4294967295,"gateway":"192.0.2.1","mask":"0.0.0.0","irtt":0,"flags":3,"refcnt":0,"use":0,"window":0,"mtu":1500,"version":4}`
	v6JSON = `{"iface":"lo","destination":"::","metric":4294967295,"flags":2149580801,"refcnt":1,"use":0,"desprefixlen":"0","source":"::","srcprefixlen":"0","nexthop":"::1.2.3.4","version":6}`
)

func TestRoutes(t *testing.T) {
	noent := &fs.PathError{Op: "open", Path: netinfo.IPv6RoutePath, Err: syscall.ENOENT}
	tests := []struct {
		name string
		f    *fakeRoutes
		want string
	}{
		{"both", &fakeRoutes{v4: []netinfo.Route{v4}, v6: []netinfo.Route{v6}}, `{"return":[` + v4JSON + `,` + v6JSON + `]}`},
		{"no IPv6", &fakeRoutes{v4: []netinfo.Route{v4}, err6: noent}, `{"return":[` + v4JSON + `]}`},
		{"no IPv4", &fakeRoutes{err4: noent, v6: []netinfo.Route{v6}}, `{"return":[` + v6JSON + `]}`},
		{"none", &fakeRoutes{}, `{"return":[]}`},
		{"neither table", &fakeRoutes{err4: noent, err6: noent},
			`{"error":{"class":"GenericError","desc":"failed to read the routing table: neither /proc/net/route nor /proc/net/ipv6_route exists"}}`},
		{"EIO", &fakeRoutes{v4: []netinfo.Route{v4}, err6: syscall.EIO},
			`{"error":{"class":"GenericError","desc":"failed to read the routing table: input/output error"}}`},
	}
	for _, tt := range tests {
		if got := runRoutes(t, tt.f); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}
