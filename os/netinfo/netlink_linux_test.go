//go:build linux

package netinfo

import (
	"encoding/binary"
	"errors"
	"net"
	"net/netip"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

func readDump(t *testing.T, file string) []nlMessage {
	t.Helper()
	b, err := os.ReadFile("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := parseMessages(b)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// The samples are real dumps of a network namespace holding a loopback,
// a tun with a point-to-point address, a tap with a labelled alias and
// IPv4-mapped and -compatible IPv6 addresses, and a tun without address.
func TestParseLinkDump(t *testing.T) {
	var got []Link
	for _, m := range readDump(t, "rtm_newlink.bin") {
		if m.Type != unix.RTM_NEWLINK || m.Flags&unix.NLM_F_MULTI == 0 {
			t.Fatalf("message %+v", m)
		}
		l, err := parseLink(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, l)
	}
	tap, _ := net.ParseMAC("d2:89:2e:d4:5a:62")
	want := []Link{
		{Index: 1, Name: "lo", HWAddr: []byte{0, 0, 0, 0, 0, 0}},
		{Index: 2, Name: "t1", HWAddr: []byte{}},
		{Index: 3, Name: "tp0", HWAddr: tap},
		{Index: 4, Name: "t2", HWAddr: []byte{}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func TestParseAddrDump(t *testing.T) {
	var got []string
	for _, m := range readDump(t, "rtm_newaddr.bin") {
		a, ok, err := parseAddr(m.Data)
		if err != nil || !ok {
			t.Fatalf("%+v: %v %v", m, ok, err)
		}
		got = append(got, strings.Join([]string{string(rune('0' + a.Index)), a.Label, netip.PrefixFrom(a.IP, a.Prefix).String()}, " "))
	}
	want := []string{
		"1 lo 127.0.0.1/8",
		"2 t1 10.9.9.1/32", // the local end, not the peer 10.9.9.2
		"3 tp0:1 10.1.2.3/24",
		"3 tp0 10.1.3.3/16",
		"1  ::1/128",
		"2  2001:db8::1:0:0:1/64",
		"3  ::ffff:1.2.3.4/96",
		"3  ::102:304/96",
		"3  2001:db8::5/64",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

// msg builds one netlink message around data.
func msg(typ uint16, data []byte) []byte {
	return request(typ, 1, data)
}

func attr(typ uint16, val []byte) []byte {
	b := make([]byte, align4(4+len(val)))
	binary.NativeEndian.PutUint16(b[0:2], uint16(4+len(val)))
	binary.NativeEndian.PutUint16(b[2:4], typ)
	copy(b[4:], val)
	return b
}

func ifaddr(family, prefix byte, index uint32, attrs ...[]byte) []byte {
	b := make([]byte, unix.SizeofIfAddrmsg)
	b[0], b[1] = family, prefix
	binary.NativeEndian.PutUint32(b[4:8], index)
	for _, a := range attrs {
		b = append(b, a...)
	}
	return b
}

func TestParseAddrCases(t *testing.T) {
	v4 := []byte{192, 0, 2, 1}
	tests := []struct {
		name string
		data []byte
		ok   bool
		want string
	}{
		{"address only", ifaddr(unix.AF_INET, 24, 2, attr(unix.IFA_ADDRESS, v4)), true, "192.0.2.1/24"},
		{"prefix clamped", ifaddr(unix.AF_INET, 40, 2, attr(unix.IFA_ADDRESS, v4)), true, "192.0.2.1/32"},
		{"local wins, either order", ifaddr(unix.AF_INET, 32, 2, attr(unix.IFA_LOCAL, v4), attr(unix.IFA_ADDRESS, []byte{9, 9, 9, 9})), true, "192.0.2.1/32"},
		{"no address", ifaddr(unix.AF_INET, 24, 2, attr(unix.IFA_LABEL, []byte("x\x00"))), false, ""},
		{"wrong size", ifaddr(unix.AF_INET6, 64, 2, attr(unix.IFA_ADDRESS, v4)), false, ""},
		{"other family", ifaddr(unix.AF_PACKET, 0, 2, attr(unix.IFA_ADDRESS, v4)), false, ""},
		{"nested flag bits ignored", ifaddr(unix.AF_INET, 8, 2, attr(unix.IFA_ADDRESS|unix.NLA_F_NET_BYTEORDER, v4)), true, "192.0.2.1/8"},
	}
	for _, tt := range tests {
		a, ok, err := parseAddr(tt.data)
		if err != nil || ok != tt.ok {
			t.Errorf("%s: ok %v, err %v", tt.name, ok, err)
			continue
		}
		if ok && netip.PrefixFrom(a.IP, a.Prefix).String() != tt.want {
			t.Errorf("%s: %v/%d, want %s", tt.name, a.IP, a.Prefix, tt.want)
		}
	}
}

func TestParseMalformed(t *testing.T) {
	good := msg(unix.RTM_NEWLINK, make([]byte, unix.SizeofIfInfomsg))
	tests := []struct {
		name string
		b    []byte
	}{
		{"short header", good[:10]},
		{"length below header", append([]byte{8, 0, 0, 0}, good[4:]...)},
		{"length beyond datagram", append([]byte{200, 0, 0, 0}, good[4:]...)},
	}
	for _, tt := range tests {
		if _, err := parseMessages(tt.b); !errors.Is(err, errMalformed) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	if _, err := parseLink(make([]byte, 4)); !errors.Is(err, errMalformed) {
		t.Errorf("short ifinfomsg: %v", err)
	}
	if _, err := parseLink(make([]byte, unix.SizeofIfInfomsg)); !errors.Is(err, errMalformed) {
		t.Errorf("link without a name: %v", err)
	}
	bad := append(make([]byte, unix.SizeofIfInfomsg), 50, 0, 3, 0, 'e')
	if _, err := parseLink(bad); !errors.Is(err, errMalformed) {
		t.Errorf("attribute beyond the message: %v", err)
	}
	if _, _, err := parseAddr(make([]byte, 3)); !errors.Is(err, errMalformed) {
		t.Errorf("short ifaddrmsg: %v", err)
	}
}

func TestHandleDumpMessages(t *testing.T) {
	errno := make([]byte, 4)
	perm := -int32(unix.EPERM)
	binary.NativeEndian.PutUint32(errno, uint32(perm))
	tests := []struct {
		name  string
		m     nlMessage
		intr  bool
		done  bool
		err   error
		calls int
	}{
		{"data", nlMessage{Type: unix.RTM_NEWLINK, Seq: 1, Pid: 7}, false, false, nil, 1},
		{"someone else's", nlMessage{Type: unix.RTM_NEWLINK, Seq: 2, Pid: 7}, false, false, nil, 0},
		{"done", nlMessage{Type: unix.NLMSG_DONE, Seq: 1, Pid: 7}, false, true, nil, 0},
		{"done after an interrupted part", nlMessage{Type: unix.NLMSG_DONE, Seq: 1, Pid: 7}, true, true, errInterrupted, 0},
		{"interrupted done", nlMessage{Type: unix.NLMSG_DONE, Flags: unix.NLM_F_DUMP_INTR, Seq: 1, Pid: 7}, false, true, errInterrupted, 0},
		{"error", nlMessage{Type: unix.NLMSG_ERROR, Seq: 1, Pid: 7, Data: errno}, false, true, syscall.EPERM, 0},
		{"ack", nlMessage{Type: unix.NLMSG_ERROR, Seq: 1, Pid: 7, Data: make([]byte, 4)}, false, false, nil, 0},
		{"short error", nlMessage{Type: unix.NLMSG_ERROR, Seq: 1, Pid: 7}, false, true, errMalformed, 0},
	}
	for _, tt := range tests {
		calls, intr := 0, tt.intr
		done, err := handle(tt.m, 7, 1, &intr, func(nlMessage) error { calls++; return nil })
		if done != tt.done || !errors.Is(err, tt.err) || calls != tt.calls {
			t.Errorf("%s: done %v err %v calls %d", tt.name, done, err, calls)
		}
	}
}

func TestRequest(t *testing.T) {
	b := request(unix.RTM_GETADDR, 9, []byte{unix.AF_UNSPEC, 0, 0, 0, 0, 0, 0, 0})
	msgs, err := parseMessages(b)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("%v %v", msgs, err)
	}
	m := msgs[0]
	if m.Type != unix.RTM_GETADDR || m.Flags != unix.NLM_F_REQUEST|unix.NLM_F_DUMP || m.Seq != 9 || len(m.Data) != 8 {
		t.Fatalf("%+v", m)
	}
}

// TestLinuxLive reads this machine's network (read-only, safe anywhere):
// every Linux has a loopback with 127.0.0.1/8, first in ifindex order.
func TestLinuxLive(t *testing.T) {
	l := NewLinux()
	links, err := l.Links()
	if err != nil || len(links) == 0 || links[0].Name != "lo" || links[0].Index != 1 {
		t.Fatalf("links %+v, %v", links, err)
	}
	for i := 1; i < len(links); i++ {
		if links[i].Index <= links[i-1].Index {
			t.Fatalf("links not in ifindex order: %+v", links)
		}
	}
	addrs, err := l.Addrs()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range addrs {
		found = found || a.Index == 1 && a.IP == netip.MustParseAddr("127.0.0.1") && a.Prefix == 8 && a.Label == "lo"
	}
	if !found {
		t.Fatalf("no 127.0.0.1/8 on lo in %+v", addrs)
	}
	stats, err := l.Stats()
	if _, ok := stats["lo"]; err != nil || !ok {
		t.Fatalf("stats %+v, %v", stats, err)
	}
}
