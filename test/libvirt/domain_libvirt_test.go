//go:build libvirt

package libvirt

import (
	"testing"
	"time"
)

// domainName is the suite's domain.
const domainName = "goqga-lv"

// TestDomain boots one domain and runs, in order, every case; the last
// ones take it down. A failure stops the rest: they need the state the
// failed one left.
func TestDomain(t *testing.T) {
	g := boot(t, domainName, 1)
	for _, tc := range []struct {
		name string
		run  func(*testing.T, *Guest)
	}{
		{"PingInfo", testPingInfo},
		{"Interfaces", testInterfaces},
		{"FreezeThaw", testFreezeThaw},
		{"FreezeMountpoint", testFreezeMountpoint},
		{"SnapshotQuiesce", testSnapshotQuiesce},
		{"SuspendMem", testSuspendMem},
		{"RebootAgent", testRebootAgent},
		{"ShutdownAgent", testShutdownAgent},
	} {
		start := time.Now()
		ok := t.Run(tc.name, func(t *testing.T) { tc.run(t, g) })
		t.Logf("%s: %v", tc.name, time.Since(start).Round(time.Millisecond))
		if !ok {
			t.Fatalf("%s failed; the remaining cases need the domain it left", tc.name)
		}
	}
}
