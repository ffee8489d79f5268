//go:build vm

package vm

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goqga/goqga/client"
)

type vcpu struct {
	ID         int64 `json:"logical-id"`
	Online     bool  `json:"online"`
	CanOffline bool  `json:"can-offline"`
}

type memBlock struct {
	Index      uint64 `json:"phys-index"`
	Online     bool   `json:"online"`
	CanOffline bool   `json:"can-offline"`
}

func vcpus(t *testing.T, c *client.Client) []vcpu {
	t.Helper()
	var out []vcpu
	do(t, c, "guest-get-vcpus", nil, &out)
	slices.SortFunc(out, func(a, b vcpu) int { return int(a.ID - b.ID) })
	return out
}

// setVCPU takes cpu1 online or offline through the agent and reads the
// result back from the guest's sysfs.
func setVCPU(t *testing.T, g *Guest, c *client.Client, id int, online bool) {
	t.Helper()
	var n int
	do(t, c, "guest-set-vcpus", map[string]any{"vcpus": []map[string]any{{"logical-id": id, "online": online}}}, &n)
	if n != 1 {
		t.Fatalf("guest-set-vcpus processed %d, want 1", n)
	}
	want := map[bool]string{true: "1", false: "0"}[online]
	if got := strings.TrimSpace(sh(t, g, fmt.Sprintf("cat /sys/devices/system/cpu/cpu%d/online", id))); got != want {
		t.Fatalf("after guest-set-vcpus online=%v the guest's cpu%d/online reads %q", online, id, got)
	}
	if got := vcpus(t, c); got[id].Online != online {
		t.Fatalf("guest-get-vcpus after the change: %+v", got)
	}
}

// testHardware: a guest of two vCPUs. The readers give qemu-ga's answers
// and the guest's sysfs; vCPU 1 goes offline and back online.
func testHardware(t *testing.T, g *Guest) {
	c, ref := agent(t, g), refAgent(t, g)
	for _, cmd := range []string{"guest-get-vcpus", "guest-get-memory-blocks", "guest-get-memory-block-info"} {
		sameAnswer(t, c, ref, cmd, nil, nil)
	}
	want := []vcpu{{ID: 0, Online: true}, {ID: 1, Online: true, CanOffline: true}}
	if got := vcpus(t, c); !slices.Equal(got, want) {
		t.Fatalf("guest-get-vcpus = %+v, want %+v (cpu0 has no online file on x86)", got, want)
	}
	setVCPU(t, g, c, 1, false)
	if got := strings.TrimSpace(sh(t, g, "cat /sys/devices/system/cpu/online")); got != "0" {
		t.Errorf("online CPUs with cpu1 offline: %q", got)
	}
	refused(t, c, "guest-set-vcpus", map[string]any{"vcpus": []map[string]any{{"logical-id": 0, "online": false}}},
		"GenericError", "logical processor #0 can't be offlined")
	setVCPU(t, g, c, 1, true)
	if got := strings.TrimSpace(sh(t, g, "cat /sys/devices/system/cpu/online")); got != "0-1" {
		t.Errorf("online CPUs after: %q", got)
	}
	testMemoryBlocks(t, g, c)
	// Requests that change nothing, answered alike by qemu-ga: a block
	// already online (success, nothing written), one that does not exist
	// (not-found, error-code 2), and vCPUs already in the asked state.
	var blocks []memBlock
	do(t, c, "guest-get-memory-blocks", nil, &blocks)
	sameAnswer(t, c, ref, "guest-set-memory-blocks", map[string]any{"mem-blks": []map[string]any{
		{"phys-index": blocks[0].Index, "online": true}, {"phys-index": 99999, "online": false}}}, nil)
	sameAnswer(t, c, ref, "guest-set-vcpus", map[string]any{"vcpus": []map[string]any{
		{"logical-id": 0, "online": true}, {"logical-id": 1, "online": true}}}, nil)
}

// testMemoryBlocks: the blocks as the guest's sysfs shows them.
func testMemoryBlocks(t *testing.T, g *Guest, c *client.Client) {
	var got []memBlock
	do(t, c, "guest-get-memory-blocks", nil, &got)
	out := sh(t, g, `for d in /sys/devices/system/memory/memory*; do echo ${d##*/memory} $(cat $d/state) $(cat $d/removable 2>/dev/null || echo 0); done`)
	var want []memBlock
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			t.Fatalf("guest sysfs line %q", line)
		}
		i, _ := strconv.ParseUint(f[0], 10, 64)
		want = append(want, memBlock{Index: i, Online: f[1] == "online", CanOffline: f[2] != "0"})
	}
	byIndex := func(a, b memBlock) int { return int(a.Index) - int(b.Index) }
	slices.SortFunc(got, byIndex)
	slices.SortFunc(want, byIndex)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("guest-get-memory-blocks = %+v, the guest's sysfs %+v", got, want)
	}
	var info struct {
		Size uint64 `json:"size"`
	}
	do(t, c, "guest-get-memory-block-info", nil, &info)
	size, err := strconv.ParseUint(strings.TrimSpace(sh(t, g, "cat /sys/devices/system/memory/block_size_bytes")), 16, 64)
	if err != nil || info.Size != size || size == 0 {
		t.Errorf("block size %d, the guest says %d (%v)", info.Size, size, err)
	}
}

// testStatsRoutes: counters of every CPU and block device of the guest,
// with qemu-ga's fields; the guest's routes.
func testStatsRoutes(t *testing.T, g *Guest) {
	c, ref := agent(t, g), refAgent(t, g)
	for _, tc := range []struct{ cmd, key, guest string }{
		{"guest-get-cpustats", "cpu", `grep '^cpu[0-9]' /proc/stat | while read n rest; do echo ${n#cpu}; done`},
		{"guest-get-diskstats", "name", `while read ma mi name rest; do echo $name; done < /proc/diskstats`},
	} {
		var ours, theirs []map[string]any
		do(t, c, tc.cmd, nil, &ours)
		do(t, ref, tc.cmd, nil, &theirs)
		var ids []string
		for i, e := range ours {
			ids = append(ids, fmt.Sprint(e[tc.key]))
			if i < len(theirs) && !slices.Equal(sortedKeys(e), sortedKeys(theirs[i])) {
				t.Errorf("%s entry %d: fields %v, qemu-ga %v", tc.cmd, i, sortedKeys(e), sortedKeys(theirs[i]))
			}
		}
		if want := strings.Fields(sh(t, g, tc.guest)); !slices.Equal(ids, want) || len(theirs) != len(ours) {
			t.Errorf("%s lists %v (qemu-ga %d entries), the guest %v", tc.cmd, ids, len(theirs), want)
		}
	}
	var routes []struct {
		Iface   string `json:"iface"`
		Dest    string `json:"destination"`
		Mask    string `json:"mask"`
		Prefix  string `json:"desprefixlen"`
		Version int    `json:"version"`
	}
	do(t, c, "guest-network-get-route", nil, &routes)
	n4 := strings.TrimSpace(sh(t, g, "tail -n +2 /proc/net/route | wc -l"))
	n6 := strings.TrimSpace(sh(t, g, "wc -l < /proc/net/ipv6_route"))
	count := map[int]int{}
	found4, found6 := false, false
	for _, r := range routes {
		count[r.Version]++
		found4 = found4 || (r.Version == 4 && r.Dest == "192.0.2.0" && r.Mask == "255.255.255.0")
		found6 = found6 || (r.Version == 6 && r.Dest == "2001:db8::" && r.Prefix == "64")
	}
	if fmt.Sprint(count[4]) != n4 || fmt.Sprint(count[6]) != n6 || !found4 || !found6 {
		t.Errorf("routes %+v: %d IPv4 and %d IPv6, the guest has %s and %s; want 192.0.2.0/24 and 2001:db8::/64", routes, count[4], count[6], n4, n6)
	}
}

func sortedKeys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// frozenReads are the read-only commands of the hardware, stats and net
// domains that run while frozen (AllowedFrozen).
var frozenReads = []string{"guest-get-vcpus", "guest-get-memory-blocks", "guest-get-memory-block-info",
	"guest-get-cpustats", "guest-get-diskstats", "guest-network-get-route"}

// testFrozenReads is the proof behind AllowedFrozen: with the guest's
// ext4 data disks really frozen (a write to one waits), each read-only
// command answers, within a second, what it answered thawed (counters by
// shape), and the setters are refused.
func testFrozenReads(t *testing.T, g *Guest) {
	c := agent(t, g)
	thawed := map[string]any{}
	for _, cmd := range frozenReads {
		var v any
		do(t, c, cmd, nil, &v)
		thawed[cmd] = v
	}
	freeze(t, c)
	t.Cleanup(func() { c.Call("guest-fsfreeze-thaw", nil) }) // never leave the shared guest frozen
	flag := blockedWrite(t, g, "frozen-reads")
	stillBlocked(t, g, flag)
	var gi guestInfo
	do(t, c, "guest-info", nil, &gi)
	for _, cmd := range frozenReads {
		if ci, _ := gi.find(cmd); !ci.Enabled {
			t.Errorf("guest-info while frozen: %s disabled", cmd)
		}
	}
	c.SetTimeout(time.Second)
	for _, cmd := range frozenReads {
		start := time.Now()
		r, err := c.Call(cmd, nil)
		if err != nil || r.Error != nil {
			t.Errorf("%s while frozen: %v %+v", cmd, err, r)
			continue
		}
		t.Logf("%s answered in %v while frozen", cmd, time.Since(start).Round(time.Microsecond))
		var v any
		if err := json.Unmarshal(r.Return, &v); err != nil {
			t.Fatal(err)
		}
		if d := sameAsThawed(cmd, thawed[cmd], v); d != "" {
			t.Errorf("%s answers otherwise while frozen:\n%s", cmd, d)
		}
	}
	c.SetTimeout(time.Minute)
	refused(t, c, "guest-set-vcpus", map[string]any{"vcpus": []map[string]any{{"logical-id": 1, "online": false}}},
		"CommandNotFound", "frozen")
	refused(t, c, "guest-set-memory-blocks", map[string]any{"mem-blks": []map[string]any{{"phys-index": 0, "online": true}}},
		"CommandNotFound", "frozen")
	if exists(g, flag) {
		t.Fatal("the data disk took a write: it was not frozen during the reads")
	}
	thaw(t, c, dataDisks)
	eventually(t, time.Minute, "the blocked write finishing after the thaw", func() bool { return exists(g, flag) })
}

// sameAsThawed compares a frozen answer with the thawed one: equal, but
// for the values of counters, which move (their entries and fields may
// not): every number of the stats but the identities, a route's refcnt
// and use.
func sameAsThawed(cmd string, thawed, frozen any) string {
	moving := map[string]func(string) bool{
		"guest-get-cpustats":      func(k string) bool { return k != "cpu" },
		"guest-get-diskstats":     func(k string) bool { return k != "major" && k != "minor" },
		"guest-network-get-route": func(k string) bool { return k == "refcnt" || k == "use" },
	}[cmd]
	if moving != nil {
		thawed, frozen = shape(thawed, moving), shape(frozen, moving)
	}
	return cmp.Diff(thawed, frozen)
}

// shape replaces the numbers under the keys moving names with 0.
func shape(v any, moving func(string) bool) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = shape(x[i], moving)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if _, num := e.(float64); num && moving(k) {
				e = 0.0
			}
			out[k] = shape(e, moving)
		}
		return out
	}
	return v
}

// TestHotplugGuest boots a guest unlike the shared one: a 128 MiB DIMM
// that the kernel puts online in the movable zone, and IPv6 disabled.
// One boot serves both cases (about 20 s under TCG).
func TestHotplugGuest(t *testing.T) {
	g := boot(t, func(c *GuestConfig) {
		c.MaxMemMB = 512
		c.QEMUArgs = []string{"-object", "memory-backend-ram,id=mem1,size=128M", "-device", "pc-dimm,id=dimm1,memdev=mem1"}
		c.KernelArgs = []string{"memhp_default_state=online_movable", "ipv6.disable=1"}
		c.RefAgent = true
	})
	t.Run("MemoryHotplug", func(t *testing.T) { testMemoryHotplug(t, g) })
	t.Run("RoutesWithoutIPv6", func(t *testing.T) { testRoutesWithoutIPv6(t, g) })
}

// testRoutesWithoutIPv6: in a guest whose kernel has IPv6 disabled (no
// /proc/net/ipv6_route), guest-network-get-route still answers its IPv4
// routes, where qemu-ga 10.x fails the whole command.
func testRoutesWithoutIPv6(t *testing.T, g *Guest) {
	c := agent(t, g)
	if _, status, err := g.Ctl.Run("test -e /proc/net/ipv6_route", time.Minute); err != nil || status == 0 {
		t.Fatalf("the guest has /proc/net/ipv6_route (status %d, %v): IPv6 is not disabled", status, err)
	}
	var routes []struct {
		Dest    string `json:"destination"`
		Mask    string `json:"mask"`
		Version int    `json:"version"`
	}
	do(t, c, "guest-network-get-route", nil, &routes)
	n4 := strings.TrimSpace(sh(t, g, "tail -n +2 /proc/net/route | wc -l"))
	found := false
	for _, r := range routes {
		if r.Version != 4 {
			t.Errorf("an IPv%d route in a guest without IPv6: %+v", r.Version, r)
		}
		found = found || (r.Dest == "192.0.2.0" && r.Mask == "255.255.255.0")
	}
	if fmt.Sprint(len(routes)) != n4 || !found {
		t.Errorf("routes %+v, the guest's table has %s lines; want 192.0.2.0/24 among them", routes, n4)
	}
}

// testMemoryHotplug: the guest's 128 MiB DIMM is online in the movable
// zone, so it can go offline: guest-set-memory-blocks takes it offline
// and back, read back in the guest's sysfs. Offlining a block of boot
// memory fails with the kernel's errno, as qemu-ga in the same guest
// answers it.
func testMemoryHotplug(t *testing.T, g *Guest) {
	c, ref := agent(t, g), refAgent(t, g)
	movable := strings.TrimSpace(sh(t, g, `for d in /sys/devices/system/memory/memory*; do grep -q Movable $d/valid_zones && echo ${d##*/memory}; done`))
	index, err := strconv.ParseUint(movable, 10, 64)
	if err != nil {
		t.Fatalf("the guest has no single movable block (the DIMM's): %q", movable)
	}
	state := func() string {
		return strings.TrimSpace(sh(t, g, fmt.Sprintf("cat /sys/devices/system/memory/memory%d/state", index)))
	}
	for _, online := range []bool{false, true} {
		var res []map[string]any
		do(t, c, "guest-set-memory-blocks", map[string]any{"mem-blks": []map[string]any{{"phys-index": index, "online": online}}}, &res)
		want := map[bool]string{true: "online", false: "offline"}[online]
		if len(res) != 1 || res[0]["response"] != "success" || res[0]["error-code"] != nil || state() != want {
			t.Fatalf("taking block %d %s: %v, the guest's state %q", index, want, res, state())
		}
		var blocks []memBlock
		do(t, c, "guest-get-memory-blocks", nil, &blocks)
		if i := slices.IndexFunc(blocks, func(b memBlock) bool { return b.Index == index }); i < 0 || blocks[i].Online != online {
			t.Fatalf("guest-get-memory-blocks after: %+v", blocks)
		}
	}
	// Boot memory cannot go (valid_zones "none"): both agents answer
	// operation-failed with the kernel's errno, and nothing changes.
	sameAnswer(t, c, ref, "guest-set-memory-blocks", map[string]any{"mem-blks": []map[string]any{{"phys-index": 0, "online": false}}}, nil)
	if s := strings.TrimSpace(sh(t, g, "cat /sys/devices/system/memory/memory0/state")); s != "online" {
		t.Fatalf("memory0 is %s", s)
	}
	sameAnswer(t, c, ref, "guest-get-memory-blocks", nil, nil)
}
