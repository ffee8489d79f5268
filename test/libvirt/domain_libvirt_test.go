//go:build libvirt

package libvirt

import (
	"fmt"
	"testing"
	"time"
)

// domainName is the suite's domain.
const domainName = "goqga-lv"

// TestDomain boots one domain and runs, in order, every case; the last
// ones take it down. After a failure the rest run only if the domain is
// still healthy (running, thawed, its agent and shell answering): an
// agent that cannot reboot can still be asked to shut down.
func TestDomain(t *testing.T) {
	g := boot(t, domainName)
	for _, tc := range []struct {
		name string
		run  func(*testing.T, *Guest)
	}{
		{"PingInfo", testPingInfo},
		{"Interfaces", testInterfaces},
		{"Time", testTime},
		{"Hostname", testHostname},
		{"GuestinfoGroups", testGuestinfoGroups},
		{"GuestinfoAll", testGuestinfoAll},
		{"FSInfo", testFSInfo},
		{"GuestinfoFilesystem", testGuestinfoFilesystem},
		{"GuestinfoDisk", testGuestinfoDisk},
		{"FSTrim", testFSTrim}, // before the snapshot puts the disks on qcow2 overlays
		{"SetUserPassword", testSetUserPassword},
		{"SSHKeys", testSSHKeys},
		{"Exec", testExec},
		{"LargeReply", testLargeReply},
		{"VCPUs", testVCPUs},
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
			if err := healthy(g); err != nil {
				t.Fatalf("%s failed and left the domain unusable (%v): the remaining cases need it", tc.name, err)
			}
		}
	}
}

// healthy says why the domain cannot run further cases, or nil.
func healthy(g *Guest) error {
	if s, err := g.State(); err != nil || s != "running" {
		return fmt.Errorf("state %q, %v", s, err)
	}
	if err := g.WaitAgent(30 * time.Second); err != nil {
		return err
	}
	r, err := g.Agent("guest-fsfreeze-status", nil)
	if err != nil || string(r) != `"thawed"` {
		return fmt.Errorf("freeze status %s, %v", r, err)
	}
	_, err = g.Ctl.Must("true", 30*time.Second)
	return err
}
