package blackbox

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestHardwareMatchesQemuGA compares the Linux backends' read-only
// commands with Debian's qemu-ga on this machine (both only read; the
// setters are blocked in both): vCPUs, memory blocks and the block size
// field for field, counters by shape (same entries and fields, none gone
// backwards since qemu-ga answered).
func TestHardwareMatchesQemuGA(t *testing.T) {
	needQemuGA(t)
	theirs := startQemuGA(t)
	ours := start(t, "--os", "linux", "-b", dangerous).sock
	for _, cmd := range []string{"guest-get-vcpus", "guest-get-memory-blocks", "guest-get-memory-block-info"} {
		var a, b any
		dialed(t, theirs, cmd, &a)
		dialed(t, ours, cmd, &b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s:\nqemu-ga %v\ngoqga   %v", cmd, a, b)
		}
	}
	for _, cmd := range []string{"guest-get-cpustats", "guest-get-diskstats"} {
		var a, b []map[string]any
		dialed(t, theirs, cmd, &a)
		dialed(t, ours, cmd, &b)
		if len(a) == 0 {
			t.Errorf("%s: qemu-ga answered nothing", cmd)
		}
		if diffs := sameShape(a, b); len(diffs) != 0 {
			t.Errorf("%s: %v", cmd, diffs)
		}
	}
}

// sameShape: entry for entry the same keys and identities (strings and
// the cpu, major, minor numbers), and counters that have not gone down.
func sameShape(theirs, ours []map[string]any) []string {
	if len(theirs) != len(ours) {
		return []string{fmt.Sprintf("%d entries, qemu-ga %d", len(ours), len(theirs))}
	}
	var diffs []string
	for i := range theirs {
		diffs = append(diffs, sameEntry(fmt.Sprint(i), theirs[i], ours[i])...)
	}
	return diffs
}

func sameEntry(where string, a, b map[string]any) []string {
	var diffs []string
	if len(a) != len(b) {
		diffs = append(diffs, fmt.Sprintf("%s: keys %v, qemu-ga %v", where, keys(b), keys(a)))
	}
	for k, va := range a {
		vb, ok := b[k]
		switch x := va.(type) {
		case map[string]any:
			y, _ := vb.(map[string]any)
			diffs = append(diffs, sameEntry(where+"."+k, x, y)...)
		case float64:
			y, _ := vb.(float64)
			identity := k == "cpu" || k == "major" || k == "minor"
			if !ok || (identity && y != x) || y < x {
				diffs = append(diffs, fmt.Sprintf("%s.%s = %v, qemu-ga %v", where, k, vb, va))
			}
		default:
			if !reflect.DeepEqual(va, vb) {
				diffs = append(diffs, fmt.Sprintf("%s.%s = %v, qemu-ga %v", where, k, vb, va))
			}
		}
	}
	return diffs
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestRoutesMatchProc: qemu-ga 7.2 has no guest-network-get-route, so
// the Linux backend's answer is checked against the routing tables read
// here with sscanf-style parsing of their own (and qemu-ga 11.1's
// formatting, unsigned numbers).
func TestRoutesMatchProc(t *testing.T) {
	ours := start(t, "--os", "linux").sock
	var got []map[string]any
	// Routes may change on a shared machine between the two reads: one retry.
	for range 2 {
		dialed(t, ours, "guest-network-get-route", &got)
		want := procRoutes(t)
		if reflect.DeepEqual(got, want) {
			if len(want) == 0 {
				t.Fatal("this machine has no routes at all")
			}
			return
		}
		t.Logf("goqga %v\n/proc %v", got, want)
	}
	t.Fatal("guest-network-get-route differs from /proc/net/route and /proc/net/ipv6_route")
}

func procRoutes(t *testing.T) []map[string]any {
	out := []map[string]any{}
	b, err := os.ReadFile("/proc/net/route")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		var iface string
		var dst, gw, flags, mask uint32
		var refcnt, use, metric, mtu, window, irtt int32
		if i == 0 {
			continue
		}
		if n, _ := fmt.Sscanf(line, "%s %X %X %X %d %d %d %X %d %d %d", &iface, &dst, &gw, &flags, &refcnt, &use, &metric, &mask, &mtu, &window, &irtt); n != 11 {
			continue
		}
		out = append(out, map[string]any{"iface": iface, "destination": v4(dst), "gateway": v4(gw), "mask": v4(mask),
			"metric": u(uint32(metric)), "flags": u(flags), "refcnt": u(uint32(refcnt)), "use": u(uint32(use)),
			"mtu": u(uint32(mtu)), "window": u(uint32(window)), "irtt": u(uint32(irtt)), "version": 4.0})
	}
	b, err = os.ReadFile("/proc/net/ipv6_route")
	if os.IsNotExist(err) {
		return out
	}
	for _, line := range strings.Split(string(b), "\n") {
		var dst, src, next, iface string
		var dlen, slen, metric, refcnt, use, flags uint32
		if n, _ := fmt.Sscanf(line, "%32s %x %32s %x %32s %x %x %x %x %s", &dst, &dlen, &src, &slen, &next, &metric, &refcnt, &use, &flags, &iface); n != 10 {
			continue
		}
		out = append(out, map[string]any{"iface": iface, "destination": v6(t, dst), "source": v6(t, src), "nexthop": v6(t, next),
			"desprefixlen": strconv.Itoa(int(dlen)), "srcprefixlen": strconv.Itoa(int(slen)),
			"metric": u(metric), "flags": u(flags), "refcnt": u(refcnt), "use": u(use), "version": 6.0})
	}
	return out
}

func u(v uint32) float64 { return float64(v) }

func v4(v uint32) string {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], v) // the machines this runs on
	return netip.AddrFrom4(b).String()
}

func v6(t *testing.T, hex string) string {
	var b [16]byte
	for i := range b {
		x, err := strconv.ParseUint(hex[2*i:2*i+2], 16, 8)
		if err != nil {
			t.Fatalf("bad address %q", hex)
		}
		b[i] = byte(x)
	}
	return netip.AddrFrom16(b).String()
}
