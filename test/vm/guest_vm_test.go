//go:build vm

package vm

import "testing"

// slowOpen is a path whose guest-file-open the shared guest's agent
// delays (a fault rule in its arguments), so a test can leave a reply
// pending when its host goes away.
const slowOpen = "/tmp/goqga-slow-open"

// TestGuest boots one guest and runs, in order, every case that leaves
// it running: most of the suite pays for a single boot.
func TestGuest(t *testing.T) {
	g := boot(t, func(c *GuestConfig) {
		c.AgentArgs = append(c.AgentArgs, "--faults", "os.open@"+slowOpen+"=delay(3s)")
		c.RefAgent = true
		c.SMP = 2 // hardware: a vCPU to take offline (docs/VM.md: what it costs)
	})
	runInOrder(t, g, []guestCase{
		{"PingInfo", testPingInfo},
		{"SyncStyles", testSyncStyles},
		{"Files", testFiles},
		{"Network", testNetwork},
		{"Exec", testExec},
		{"SameAsQemuGA", testSameAsQemuGA},
		{"FilesystemSameAsQemuGA", testFilesystemSameAsQemuGA},
		{"Fstrim", testFstrim},
		{"Hardware", testHardware},
		{"StatsRoutes", testStatsRoutes},
		{"FrozenReads", testFrozenReads},
		{"SysinfoSameAsQemuGA", testSysinfoSameAsQemuGA},
		{"SetTime", testSetTime},
		{"Credentials", testCredentials},
		{"ReconnectNoStaleReply", testReconnectNoStale},
		{"FreshHostFirstWrite", testFreshHostFirstWrite},
		{"DetachedAgentSleeps", testDetachedCPU},
		{"Freeze", testFreeze},
		{"FsinfoWhileFrozen", testFsinfoWhileFrozen},
		{"SysinfoWhileFrozen", testSysinfoWhileFrozen},
		{"KilledWhileFrozen", testKilledWhileFrozen},
		{"Watchdog", testWatchdog},
		{"SuspendRAM", testSuspendRAM},
	})
}
