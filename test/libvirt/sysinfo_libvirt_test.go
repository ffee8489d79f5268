//go:build libvirt

package libvirt

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/test/vm"
)

// guestClock is the guest's system clock, seconds since the epoch.
func guestClock(t *testing.T, g *Guest) int64 {
	t.Helper()
	n, err := strconv.ParseInt(strings.TrimSpace(sh(t, g, "date +%s")), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// near fails t unless got is within slack seconds of want.
func near(t *testing.T, what string, got, want, slack int64) {
	t.Helper()
	if got < want-slack || got > want+slack {
		t.Fatalf("%s: %d, want %d ± %d s", what, got, want, slack)
	}
}

// domtime is what virsh domtime (guest-get-time) reports.
func domtime(t *testing.T, g *Guest) int64 {
	t.Helper()
	kv, err := ParseKeyValues(virsh(t, g, "domtime", g.Name))
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.ParseInt(kv["Time"], 10, 64)
	if err != nil {
		t.Fatalf("domtime: %v (%v)", kv, err)
	}
	return n
}

// clockSlack allows for a busy TCG guest between two readings.
const clockSlack = 10

// testTime: domtime reads the guest's clock (also one the guest moved);
// domtime --sync sets it from the RTC (the host's time: nothing wrote
// the RTC yet); --time sets the time given; --now the host's.
func testTime(t *testing.T, g *Guest) {
	near(t, "domtime against the guest's date", domtime(t, g), guestClock(t, g), clockSlack)
	t.Cleanup(func() { g.Virsh("domtime", g.Name, "--now") }) // leave the guest on the host's time
	sh(t, g, "date -s @1700000000 >/dev/null")
	near(t, "domtime after the guest moved its clock", domtime(t, g), 1700000000, clockSlack)
	virsh(t, g, "domtime", g.Name, "--sync")
	near(t, "the guest's clock after domtime --sync", guestClock(t, g), time.Now().Unix(), clockSlack)
	virsh(t, g, "domtime", g.Name, "--time", "1800000000")
	near(t, "the guest's clock after domtime --time", guestClock(t, g), 1800000000, clockSlack)
	virsh(t, g, "domtime", g.Name, "--now")
	near(t, "the guest's clock after domtime --now", guestClock(t, g), time.Now().Unix(), clockSlack)
}

// testHostname: domhostname --source agent is the name the guest just
// gave itself.
func testHostname(t *testing.T, g *Guest) {
	sh(t, g, "hostname goqga-lv-guest")
	if got := strings.TrimSpace(virsh(t, g, "domhostname", g.Name, "--source", "agent")); got != "goqga-lv-guest" {
		t.Fatalf("domhostname --source agent: %q, want goqga-lv-guest", got)
	}
}

func guestinfo(t *testing.T, g *Guest, flags ...string) map[string]string {
	t.Helper()
	kv, err := ParseKeyValues(virsh(t, g, append([]string{"guestinfo", g.Name}, flags...)...))
	if err != nil {
		t.Fatal(err)
	}
	return kv
}

// wantKV fails t unless kv holds every key of want with its value.
func wantKV(t *testing.T, what string, kv, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if kv[k] != v {
			t.Errorf("%s: %s = %q, want %q (all: %v)", what, k, kv[k], v, kv)
		}
	}
}

// guestFacts are what the guest itself says for the guestinfo groups.
func guestFacts(t *testing.T, g *Guest) map[string]string {
	t.Helper()
	f := strings.Split(strings.TrimSpace(sh(t, g, "uname -r; uname -m; hostname; who | wc -l")), "\n")
	if len(f) != 4 {
		t.Fatalf("guest facts: %q", f)
	}
	return map[string]string{"os.kernel-release": f[0], "os.machine": f[1], "hostname": f[2],
		"user.count": strings.TrimSpace(f[3]), "timezone.offset": "0"}
}

// testGuestinfoGroups: each guestinfo group alone gives what the guest
// says of itself: uname for --os, its host name, UTC, the users who(1)
// lists, the NIC with its MAC and addresses for --interface.
func testGuestinfoGroups(t *testing.T, g *Guest) {
	facts := guestFacts(t, g)
	for _, group := range []struct {
		flag, prefix string
	}{{"--os", "os."}, {"--hostname", "hostname"}, {"--timezone", "timezone."}, {"--user", "user."}} {
		kv := guestinfo(t, g, group.flag)
		want := map[string]string{}
		for k, v := range facts {
			if strings.HasPrefix(k, group.prefix) {
				want[k] = v
			}
		}
		wantKV(t, "guestinfo "+group.flag, kv, want)
		for k := range kv {
			if !strings.HasPrefix(k, group.prefix) {
				t.Errorf("guestinfo %s reports %s, of another group", group.flag, k)
			}
		}
	}
	kv := guestinfo(t, g, "--interface")
	nic := Group(kv, "if.", "hwaddr", vm.DefaultNIC.MAC)
	addrs := map[string]bool{}
	for i := 0; nic != nil && i < 8; i++ {
		addrs[nic[fmt.Sprintf("addr.%d.addr", i)]+"/"+nic[fmt.Sprintf("addr.%d.prefix", i)]] = true
	}
	if !addrs[vm.DefaultNIC.IP4] || !addrs[vm.DefaultNIC.IP6] {
		t.Errorf("guestinfo --interface: the NIC %v lacks %s or %s", nic, vm.DefaultNIC.IP4, vm.DefaultNIC.IP6)
	}
}

// testGuestinfoAll: guestinfo with no flag gives every group at once,
// with the same facts.
func testGuestinfoAll(t *testing.T, g *Guest) {
	kv := guestinfo(t, g)
	wantKV(t, "guestinfo", kv, guestFacts(t, g))
	for _, k := range []string{"fs.count", "disk.count", "if.count"} {
		if n, err := strconv.Atoi(kv[k]); err != nil || n < 2 {
			t.Errorf("guestinfo: %s = %q, want at least 2", k, kv[k])
		}
	}
}
