//go:build vm

package vm

import (
	"strings"
	"testing"
)

type netAddr struct {
	Addr   string `json:"ip-address"`
	Type   string `json:"ip-address-type"`
	Prefix int    `json:"prefix"`
}

type netIface struct {
	Name  string    `json:"name"`
	MAC   string    `json:"hardware-address"`
	Addrs []netAddr `json:"ip-addresses"`
	Stats *struct {
		RxPackets uint64 `json:"rx-packets"`
		TxPackets uint64 `json:"tx-packets"`
	} `json:"statistics"`
}

// testNetwork: the NIC QEMU emulates shows up with its MAC and the
// addresses the guest gave it, with qemu-ga's formatting.
func testNetwork(t *testing.T, g *Guest) {
	c := agent(t, g)
	var ifs []netIface
	do(t, c, "guest-network-get-interfaces", nil, &ifs)
	nic := DefaultNIC
	var found *netIface
	for i := range ifs {
		if ifs[i].MAC == nic.MAC {
			found = &ifs[i]
		}
	}
	if found == nil {
		t.Fatalf("no interface with MAC %s in %+v", nic.MAC, ifs)
	}
	for _, want := range []netAddr{
		{Addr: strings.Split(nic.IP4, "/")[0], Type: "ipv4", Prefix: 24},
		{Addr: strings.Split(nic.IP6, "/")[0], Type: "ipv6", Prefix: 64},
		{Addr: "fe80::5054:ff:fe12:3456", Type: "ipv6", Prefix: 64}, // link-local from the MAC
	} {
		if !hasAddr(found.Addrs, want) {
			t.Errorf("%s: no address %+v in %+v", found.Name, want, found.Addrs)
		}
	}
	if found.Stats == nil || found.Stats.TxPackets == 0 {
		t.Errorf("%s: statistics %+v, want counters (the guest has sent router solicitations)", found.Name, found.Stats)
	}
	// The guest's own view of the interface's name.
	if out := sh(t, g, "cat /sys/class/net/"+found.Name+"/address"); strings.TrimSpace(out) != nic.MAC {
		t.Errorf("the guest says %s has MAC %q", found.Name, out)
	}
	if ifs[0].Name != "lo" || !hasAddr(ifs[0].Addrs, netAddr{"127.0.0.1", "ipv4", 8}) ||
		ifs[0].MAC != "00:00:00:00:00:00" {
		t.Errorf("first interface %+v, want lo with 127.0.0.1/8 and a zero MAC", ifs[0])
	}
}

func hasAddr(as []netAddr, want netAddr) bool {
	for _, a := range as {
		if a == want {
			return true
		}
	}
	return false
}
