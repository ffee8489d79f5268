package blackbox

import (
	"errors"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

// The default simulated guest: cpu0 fixed, cpu1 hotpluggable, four
// 128 MiB blocks of which the first is not removable.
func TestHardwareSim(t *testing.T) {
	a, j := startJournaled(t)
	c := a.dial()
	call(t, c, `{"execute":"guest-get-vcpus"}`,
		`{"return":[{"logical-id":0,"online":true,"can-offline":false},{"logical-id":1,"online":true,"can-offline":true}]}`)
	call(t, c, `{"execute":"guest-get-memory-block-info"}`, `{"return":{"size":134217728}}`)
	// In order, stopping at cpu0 (it cannot go), then at a missing CPU
	// first: an error.
	call(t, c, `{"execute":"guest-set-vcpus","arguments":{"vcpus":[{"logical-id":1,"online":false},{"logical-id":0,"online":false},{"logical-id":1,"online":true}]}}`,
		`{"return":1}`)
	call(t, c, `{"execute":"guest-set-vcpus","arguments":{"vcpus":[{"logical-id":9,"online":true}]}}`,
		`{"error":{"class":"GenericError","desc":"sim cpu9: no such file or directory"}}`)
	call(t, c, `{"execute":"guest-set-vcpus","arguments":{"vcpus":[]}}`, `{"return":0}`)
	call(t, c, `{"execute":"guest-get-vcpus"}`,
		`{"return":[{"logical-id":0,"online":true,"can-offline":false},{"logical-id":1,"online":false,"can-offline":true}]}`)
	call(t, c, `{"execute":"guest-set-memory-blocks","arguments":{"mem-blks":[`+
		`{"phys-index":2,"online":false},{"phys-index":2,"online":false},{"phys-index":0,"online":false},{"phys-index":77,"online":true}]}}`,
		`{"return":[{"phys-index":2,"response":"success"},{"phys-index":2,"response":"success"},`+
			`{"phys-index":0,"response":"operation-failed","error-code":16},{"phys-index":77,"response":"not-found","error-code":2}]}`)
	call(t, c, `{"execute":"guest-get-memory-blocks"}`,
		`{"return":[{"phys-index":0,"online":true,"can-offline":false},{"phys-index":1,"online":true,"can-offline":true},`+
			`{"phys-index":2,"online":false,"can-offline":true},{"phys-index":3,"online":true,"can-offline":true}]}`)
	call(t, c, `{"execute":"guest-set-vcpus","arguments":{"vcpus":[{"logical-id":"1","online":true}]}}`,
		`{"error":{"class":"GenericError","desc":"Invalid parameter type for 'vcpus[0].logical-id', expected: integer"}}`)
	// One journal line per change actually made.
	j.expect(t, `{"cpu":1,"online":false,"op":"set-vcpu"}`, `{"block":2,"online":false,"op":"set-memory-block"}`)
	// One audit line per set request that reached the domain (the
	// validator refuses the last one before).
	// The log is written apart from the replies: give it a moment.
	n := 0
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if n = countAudit(a.stderr.String()); n >= 4 {
			break
		}
	}
	if n != 4 {
		t.Errorf("%d audit lines, want one per set request that ran (4):\n%s", n, a.stderr.String())
	}
}

func countAudit(log string) int {
	return strings.Count(log, `"command": "guest-set-vcpus"`) + strings.Count(log, `"command": "guest-set-memory-blocks"`)
}

// A guest configured in --sim-config: no memory hotplug answers [] and
// the setter's operation-not-supported; IPv6 disabled still answers the
// IPv4 routes; counters of an old kernel show fewer fields.
func TestKernelSimConfig(t *testing.T) {
	world := writeWorld(t, `{"kernel":{
		"cpus":[{"id":0,"online":true,"hotpluggable":true},{"id":2,"online":false,"hotpluggable":true}],
		"cpustats":[{"cpu":0,"ticks":[100,0,50,1000,7]}],
		"diskstats":[{"major":8,"minor":1,"name":"sda1","counters":[1,2,3,4]}],
		"routes":[{"iface":"eth0","destination":"10.0.0.0/8","gateway":"10.0.0.1","metric":100,"flags":3},
		          {"iface":"eth0","destination":"fd00::/8","metric":256,"flags":1}],
		"no-ipv6":true}}`)
	c := start(t, "--sim-config", world).dial()
	call(t, c, `{"execute":"guest-get-vcpus"}`,
		`{"return":[{"logical-id":0,"online":true,"can-offline":true},{"logical-id":2,"online":false,"can-offline":true}]}`)
	// The last online CPU cannot go offline.
	call(t, c, `{"execute":"guest-set-vcpus","arguments":{"vcpus":[{"logical-id":0,"online":false}]}}`,
		`{"error":{"class":"GenericError","desc":"sim cpu0/online: device or resource busy"}}`)
	call(t, c, `{"execute":"guest-get-memory-blocks"}`, `{"return":[]}`)
	call(t, c, `{"execute":"guest-set-memory-blocks","arguments":{"mem-blks":[{"phys-index":0,"online":false}]}}`,
		`{"return":[{"phys-index":0,"response":"operation-not-supported","error-code":2}]}`)
	call(t, c, `{"execute":"guest-get-memory-block-info"}`,
		`{"error":{"class":"GenericError","desc":"failed to read the memory block size: sim memory/block_size_bytes: no such file or directory"}}`)
	call(t, c, `{"execute":"guest-get-cpustats"}`,
		`{"return":[{"type":"linux","cpu":0,"user":1000,"nice":0,"system":500,"idle":10000,"iowait":70}]}`)
	call(t, c, `{"execute":"guest-get-diskstats"}`,
		`{"return":[{"name":"sda1","major":8,"minor":1,"stats":{"read-sectors":2,"read-ios":1,"write-sectors":4,"write-ios":3}}]}`)
	call(t, c, `{"execute":"guest-network-get-route"}`,
		`{"return":[{"iface":"eth0","destination":"10.0.0.0","metric":100,"gateway":"10.0.0.1","mask":"255.0.0.0","irtt":0,"flags":3,"refcnt":0,"use":0,"window":0,"mtu":0,"version":4}]}`)
}

// While frozen the readers answer and the setters are refused.
func TestHardwareFrozen(t *testing.T) {
	a, j := startJournaled(t)
	c := a.dial()
	call(t, c, freezeReq, `{"return":3}`)
	for _, cmd := range []string{"guest-get-vcpus", "guest-get-memory-blocks", "guest-get-memory-block-info",
		"guest-get-cpustats", "guest-get-diskstats", "guest-network-get-route"} {
		r, err := c.Call(cmd, nil)
		if err != nil || r.Error != nil {
			t.Errorf("%s while frozen: %v %+v", cmd, err, r)
		}
	}
	call(t, c, `{"execute":"guest-set-vcpus","arguments":{"vcpus":[{"logical-id":1,"online":false}]}}`, refusedFrozen("guest-set-vcpus"))
	call(t, c, `{"execute":"guest-set-memory-blocks","arguments":{"mem-blks":[{"phys-index":1,"online":false}]}}`, refusedFrozen("guest-set-memory-blocks"))
	call(t, c, thawReq, `{"return":3}`)
	if slices.ContainsFunc(j.lines(t), func(l string) bool { return strings.Contains(l, `"op":"set-`) }) {
		t.Fatalf("a refused setter changed the guest: %v", j.lines(t))
	}
}

// dialed runs fn on a fresh connection to sock.
func dialed(t *testing.T, sock string, cmd string, out any) {
	t.Helper()
	// The socket file appears at bind(2), a moment before listen(2): a
	// refused connect is retried for a while.
	c, err := client.Dial("unix", sock, 5*time.Second)
	for deadline := time.Now().Add(5 * time.Second); errors.Is(err, syscall.ECONNREFUSED) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		c, err = client.Dial("unix", sock, 5*time.Second)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Do(cmd, nil, out); err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
}

// A hotplug read that hangs in the kernel costs its own answer after the
// read deadline (5 s), never the domain: the same read asked again while
// the first is stuck is refused at once, and the other reads go on.
func TestHardwareHungRead(t *testing.T) {
	t.Parallel()
	a := start(t, "--faults", "os.memory_block_size=hang")
	c := a.dial()
	c.SetTimeout(30 * time.Second)
	write(t, c, `{"execute":"guest-get-memory-block-info","id":1}`)
	start := time.Now()
	expect(t, c, `{"error":{"class":"GenericError","desc":"failed to read the memory block size: no answer within 5s (the device or mount may be hung)"},"id":1}`)
	if d := time.Since(start); d < 4*time.Second || d > 30*time.Second {
		t.Errorf("answered after %v, want the 5 s deadline", d)
	}
	call(t, c, `{"execute":"guest-get-memory-block-info"}`,
		`{"error":{"class":"GenericError","desc":"failed to read the memory block size: an earlier call is still running (the device or mount may be hung)"}}`)
	call(t, c, `{"execute":"guest-get-vcpus"}`,
		`{"return":[{"logical-id":0,"online":true,"can-offline":false},{"logical-id":1,"online":true,"can-offline":true}]}`)
}
