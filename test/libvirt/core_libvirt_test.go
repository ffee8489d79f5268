//go:build libvirt

package libvirt

import (
	"strings"
	"testing"

	"github.com/goqga/goqga/test/vm"
)

type guestInfo struct {
	Version  string `json:"version"`
	Commands []struct {
		Name    string `json:"name"`
		Enabled bool   `json:"enabled"`
	} `json:"supported_commands"`
}

// testPingInfo: qemu-agent-command carries ping and info both ways, and
// info lists enabled what the rest of the suite drives.
func testPingInfo(t *testing.T, g *Guest) {
	var empty map[string]any
	agentCmd(t, g, "guest-ping", nil, &empty)
	if len(empty) != 0 {
		t.Fatalf("guest-ping returned %v, want {}", empty)
	}
	var gi guestInfo
	agentCmd(t, g, "guest-info", nil, &gi)
	if gi.Version == "" {
		t.Fatal("guest-info: empty version")
	}
	enabled := map[string]bool{}
	for _, c := range gi.Commands {
		enabled[c.Name] = c.Enabled
	}
	for _, name := range []string{"guest-ping", "guest-info", "guest-sync", "guest-fsfreeze-freeze", "guest-fsfreeze-freeze-list",
		"guest-fsfreeze-thaw", "guest-fsfreeze-status", "guest-network-get-interfaces", "guest-shutdown", "guest-suspend-ram"} {
		if !enabled[name] {
			t.Errorf("guest-info: %s not listed enabled", name)
		}
	}
	t.Logf("agent version %s, %d commands", gi.Version, len(gi.Commands))
}

// testInterfaces: domifaddr --source agent shows the NIC by its MAC with
// the guest's addresses, and lo.
func testInterfaces(t *testing.T, g *Guest) {
	nic := strings.TrimSpace(sh(t, g, "for n in /sys/class/net/*; do [ $(cat $n/address) = "+vm.DefaultNIC.MAC+" ] && echo ${n##*/}; done; true"))
	rows, err := ParseDomifaddr(virsh(t, g, "domifaddr", g.Name, "--source", "agent", "--full"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[IfAddr]bool{
		{Name: nic, MAC: vm.DefaultNIC.MAC, Proto: "ipv4", Addr: vm.DefaultNIC.IP4}: false,
		{Name: nic, MAC: vm.DefaultNIC.MAC, Proto: "ipv6", Addr: vm.DefaultNIC.IP6}: false,
		{Name: "lo", MAC: "00:00:00:00:00:00", Proto: "ipv4", Addr: "127.0.0.1/8"}:  false,
	}
	for _, r := range rows {
		if _, ok := want[r]; ok {
			want[r] = true
		}
	}
	for r, seen := range want {
		if !seen {
			t.Errorf("domifaddr lacks %+v; got %+v", r, rows)
		}
	}
}
