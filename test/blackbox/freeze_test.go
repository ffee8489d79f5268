package blackbox

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

// The freeze domain's black-box tests run the agent with --os sim: the
// simulated guest has /, /boot (ext4) and /home (xfs) to freeze, and
// journals every freeze and thaw; nothing real is ever frozen.

const (
	statusReq = `{"execute":"guest-fsfreeze-status"}`
	freezeReq = `{"execute":"guest-fsfreeze-freeze"}`
	thawReq   = `{"execute":"guest-fsfreeze-thaw"}`
	ifacesReq = `{"execute":"guest-network-get-interfaces"}`
	frozenErr = `{"error":{"class":"CommandNotFound","desc":"Command %s has been disabled: the agent is in frozen state"}}`
)

var (
	frozeAll = []string{`{"mount":"/home","op":"freeze"}`, `{"mount":"/boot","op":"freeze"}`, `{"mount":"/","op":"freeze"}`}
	thawAll  = []string{`{"mount":"/","op":"thaw"}`, `{"mount":"/boot","op":"thaw"}`, `{"mount":"/home","op":"thaw"}`}
	// allowedFrozen are the only commands that run while frozen: qemu-ga's
	// six and the read-only commands proven safe (docs/FREEZE.md).
	allowedFrozen = []string{"guest-sync-delimited", "guest-sync", "guest-ping", "guest-info",
		"guest-fsfreeze-status", "guest-fsfreeze-thaw", "guest-get-fsinfo", "guest-get-disks",
		// they read sysfs and /proc only; the VM suite proves each
		// answers while the guest's disks are frozen (TestGuest/FrozenReads)
		"guest-get-vcpus", "guest-get-memory-blocks", "guest-get-memory-block-info",
		"guest-get-cpustats", "guest-get-diskstats", "guest-network-get-route",
		// TestGuest/SysinfoWhileFrozen
		"guest-get-time", "guest-get-host-name", "guest-get-timezone", "guest-get-osinfo", "guest-get-users", "guest-get-load"}
)

func refusedFrozen(cmd string) string { return strings.Replace(frozenErr, "%s", cmd, 1) }

func marker(a *agent) string { return filepath.Join(a.state, "qga.state.isfrozen") }

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// call sends one request and checks its reply line.
func call(t *testing.T, c *client.Client, req, want string) {
	t.Helper()
	write(t, c, req)
	expect(t, c, want)
}

// once calls on a connection of its own, closed after: unix-listen
// serves one client at a time.
func once(t *testing.T, a *agent, req, want string) {
	t.Helper()
	c := a.dial()
	defer c.Close()
	call(t, c, req, want)
}

// enabledCommands returns guest-info's enabled and disabled commands.
func enabledCommands(t *testing.T, c *client.Client) (on, off []string) {
	t.Helper()
	var info struct {
		Commands []struct {
			Name    string `json:"name"`
			Enabled bool   `json:"enabled"`
		} `json:"supported_commands"`
	}
	if err := c.Do("guest-info", nil, &info); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range info.Commands {
		if cmd.Enabled {
			on = append(on, cmd.Name)
		} else {
			off = append(off, cmd.Name)
		}
	}
	slices.Sort(on)
	return on, off
}

func TestFreezeThaw(t *testing.T) {
	a, j := startJournaled(t)
	c := a.dial()
	call(t, c, statusReq, `{"return":"thawed"}`)
	call(t, c, freezeReq, `{"return":3}`)
	j.expect(t, frozeAll...)
	if !exists(marker(a)) {
		t.Fatal("no frozen marker while frozen")
	}
	call(t, c, statusReq, `{"return":"frozen"}`)
	call(t, c, thawReq, `{"return":3}`)
	j.expect(t, append(frozeAll, thawAll...)...)
	if exists(marker(a)) {
		t.Fatal("frozen marker left after the thaw")
	}
	call(t, c, statusReq, `{"return":"thawed"}`)
	call(t, c, thawReq, `{"return":0}`)
}

// While frozen only six commands run, whatever -a says; guest-info shows
// every other one disabled.
func TestFreezeGate(t *testing.T) {
	a := start(t, "-a", "guest-fsfreeze-freeze,guest-fsfreeze-thaw,guest-fsfreeze-status,guest-info,guest-ping,guest-network-get-interfaces,guest-file-open")
	c := a.dial()
	ifaces := ifacesOK(t, c)
	call(t, c, freezeReq, `{"return":3}`)
	on, off := enabledCommands(t, c)
	want := []string{"guest-fsfreeze-status", "guest-fsfreeze-thaw", "guest-info", "guest-ping"} // ∩ -a
	if !slices.Equal(on, want) {
		t.Errorf("enabled while frozen: %v, want %v", on, want)
	}
	for _, name := range off {
		if slices.Contains(allowedFrozen, name) {
			continue // disabled by -a, not by the gate
		}
		call(t, c, `{"execute":"`+name+`"}`, refusedFrozen(name))
	}
	call(t, c, `{"execute":"guest-sync","arguments":{"id":1}}`, `{"error":{"class":"CommandNotFound","desc":"Command guest-sync has been disabled"}}`)
	call(t, c, thawReq, `{"return":3}`)
	call(t, c, ifacesReq, ifaces)
	if on, _ := enabledCommands(t, c); len(on) != 7 {
		t.Errorf("enabled after the thaw: %v", on)
	}
}

// ifacesOK is the simulated guest's interface list, read while thawed.
func ifacesOK(t *testing.T, c *client.Client) string {
	t.Helper()
	r, err := c.Call("guest-network-get-interfaces", nil)
	if err != nil || r.Error != nil {
		t.Fatalf("interfaces: %v %+v", err, r)
	}
	return string(r.Raw)
}

func TestFreezeGateListsAllButSix(t *testing.T) {
	c := start(t).dial()
	call(t, c, freezeReq, `{"return":3}`)
	on, off := enabledCommands(t, c)
	want := slices.Clone(allowedFrozen)
	slices.Sort(want)
	if !slices.Equal(on, want) || len(off) < 10 {
		t.Fatalf("enabled while frozen: %v (disabled %v)", on, off)
	}
}

// A freeze that fails on one mount thaws what it froze and answers
// qemu-ga's error; the agent is thawed and fully enabled again.
func TestFreezePartialFailure(t *testing.T) {
	a, j := startJournaled(t, "--faults", "os.freeze@/boot=error(EIO)")
	c := a.dial()
	call(t, c, freezeReq, `{"error":{"class":"GenericError","desc":"failed to freeze /boot: Input/output error"}}`)
	j.expect(t, `{"mount":"/home","op":"freeze"}`, `{"mount":"/home","op":"thaw"}`)
	call(t, c, statusReq, `{"return":"thawed"}`)
	if exists(marker(a)) {
		t.Fatal("marker left by a failed freeze")
	}
	if _, off := enabledCommands(t, c); len(off) != 0 {
		t.Fatalf("disabled after a failed freeze: %v", off)
	}
	// EBUSY and EOPNOTSUPP are skipped, not failures.
	a, j = startJournaled(t, "--faults", "os.freeze@/boot=error(EBUSY),os.freeze@/=error(EOPNOTSUPP)")
	c = a.dial()
	call(t, c, freezeReq, `{"return":1}`)
	j.expect(t, `{"mount":"/home","op":"freeze"}`)
}

func TestFreezeList(t *testing.T) {
	a, j := startJournaled(t)
	c := a.dial()
	call(t, c, `{"execute":"guest-fsfreeze-freeze-list","arguments":{"mountpoints":["/nope"]}}`,
		`{"error":{"class":"GenericError","desc":"no freezable filesystem is mounted at /nope"}}`)
	call(t, c, `{"execute":"guest-fsfreeze-freeze-list","arguments":{"mountpoints":["/","/home"]}}`, `{"return":2}`)
	j.expect(t, `{"mount":"/home","op":"freeze"}`, `{"mount":"/","op":"freeze"}`)
	call(t, c, `{"execute":"guest-fsfreeze-freeze-list"}`, refusedFrozen("guest-fsfreeze-freeze-list"))
	call(t, c, thawReq, `{"return":2}`)
	call(t, c, `{"execute":"guest-fsfreeze-freeze-list","arguments":{"mountpoints":"/"}}`,
		`{"error":{"class":"GenericError","desc":"Invalid parameter type for 'mountpoints', expected: array"}}`)
}

// The freeze domain crashes in the middle of a freeze: the gate stays
// closed, status says frozen, and a thaw thaws what was frozen.
func TestFreezeCrashMidFreeze(t *testing.T) {
	a, j := startJournaled(t, "--faults", "os.freeze@/boot=panic*1")
	c := a.dial()
	ifaces := ifacesOK(t, c)
	write(t, c, freezeReq)
	if got := reply(t, c); !strings.Contains(got, "internal error: the freeze domain failed while handling guest-fsfreeze-freeze") {
		t.Fatalf("crash reply: %s", got)
	}
	call(t, c, ifacesReq, refusedFrozen("guest-network-get-interfaces"))
	call(t, c, statusReq, `{"return":"frozen"}`)
	call(t, c, thawReq, `{"return":1}`)
	j.expect(t, `{"mount":"/home","op":"freeze"}`, `{"mount":"/home","op":"thaw"}`)
	call(t, c, statusReq, `{"return":"thawed"}`)
	call(t, c, ifacesReq, ifaces)
}

// An agent killed while frozen starts frozen again on the same state
// directory: status frozen, the gate closed, and a thaw really thaws.
func TestFreezeKillRestart(t *testing.T) {
	a, j := startJournaled(t)
	call(t, a.dial(), freezeReq, `{"return":3}`)
	a.cmd.Process.Kill()
	<-a.done
	b := start(t, "-t", a.state, "--sim-journal", string(j))
	c := b.dial()
	call(t, c, statusReq, `{"return":"frozen"}`)
	call(t, c, ifacesReq, refusedFrozen("guest-network-get-interfaces"))
	call(t, c, thawReq, `{"return":3}`)
	call(t, c, statusReq, `{"return":"thawed"}`)
	j.expect(t, append(frozeAll, thawAll...)...)
	if exists(marker(a)) {
		t.Fatal("marker left after the thaw")
	}
}

// Nobody thaws: the watchdog does, and says so in the log.
func TestFreezeWatchdog(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "agent.log")
	a, j := startJournaled(t, "--freeze-timeout", "500ms", "-l", logFile)
	c := a.dial()
	call(t, c, freezeReq, `{"return":3}`)
	j.waitFor(t, 6, 5*time.Second)
	j.expect(t, append(frozeAll, thawAll...)...)
	call(t, c, statusReq, `{"return":"thawed"}`)
	if exists(marker(a)) {
		t.Fatal("marker left after the watchdog's thaw")
	}
	waitLog(t, logFile, "the watchdog thawed the filesystems")
}

func waitLog(t *testing.T, path, text string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, _ := os.ReadFile(path); strings.Contains(string(b), text) {
			return
		}
	}
	b, _ := os.ReadFile(path)
	t.Fatalf("log lacks %q:\n%s", text, b)
}

// TestFreezeHook: with --os sim the fsfreeze hook is simulated: -F names
// a script that is never run on this machine (it would create a file);
// each run is a journal line, and the world's hook section makes a run
// fail with the real runner's error text. A delay on os.hook is a slow
// hook. (The real runner is tested in os/hook and in the VM suites.)
func TestFreezeHook(t *testing.T) {
	world := filepath.Join(t.TempDir(), "world.json")
	os.WriteFile(world, []byte(`{"mounts":[{"path":"/","type":"ext4","dev":"253:0"}],
		"hook":{"fail":{"freeze":{"status":3,"output":"database busy"}}}}`), 0o644)
	trap := filepath.Join(t.TempDir(), "ran")
	script := filepath.Join(t.TempDir(), "hook")
	os.WriteFile(script, []byte("#!/bin/sh\ntouch "+trap+"\n"), 0o755)
	hookLine := func(arg, extra string) string {
		return `{"arg":"` + arg + `","op":"hook","path":"` + script + `"` + extra + `}`
	}

	a, j := startJournaled(t, "-F"+script)
	c := a.dial()
	call(t, c, freezeReq, `{"return":3}`)
	call(t, c, thawReq, `{"return":3}`)
	j.expect(t, append(append([]string{hookLine("freeze", "")}, append(frozeAll, thawAll...)...), hookLine("thaw", ""))...)

	a, j = startJournaled(t, "-F"+script, "--sim-config", world)
	c = a.dial()
	call(t, c, freezeReq, `{"error":{"class":"GenericError","desc":"fsfreeze hook has failed with status 3: database busy"}}`)
	call(t, c, statusReq, `{"return":"thawed"}`)
	j.expect(t, hookLine("freeze", `,"status":3`))

	a, _ = startJournaled(t, "-F"+script, "--faults", "os.hook@freeze=delay(300ms)")
	c = a.dial()
	began := time.Now()
	call(t, c, freezeReq, `{"return":3}`)
	if d := time.Since(began); d < 300*time.Millisecond {
		t.Errorf("a hook delayed 300ms answered after %v", d)
	}
	call(t, c, thawReq, `{"return":3}`)
	if _, err := os.Stat(trap); !os.IsNotExist(err) {
		t.Fatalf("the simulated guest ran the hook script on this machine")
	}
}

// While frozen nothing is written to the log file: it does not grow, for
// all the requests and sessions; after the thaw the held lines arrive.
func TestFreezeNoFileWrites(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "agent.log")
	a := start(t, "-l", logFile, "-v")
	once(t, a, freezeReq, `{"return":3}`)
	before := fileSize(t, logFile)
	for i := 0; i < 5; i++ {
		c := a.dial() // each session logs its start and end
		call(t, c, statusReq, `{"return":"frozen"}`)
		call(t, c, ifacesReq, refusedFrozen("guest-network-get-interfaces"))
		c.Close()
	}
	time.Sleep(100 * time.Millisecond)
	if after := fileSize(t, logFile); after != before {
		t.Fatalf("log file grew while frozen: %d -> %d", before, after)
	}
	once(t, a, thawReq, `{"return":3}`)
	waitLog(t, logFile, `"command": "guest-fsfreeze-thaw"`)
	if b, _ := os.ReadFile(logFile); strings.Count(string(b), "session started") < 6 {
		t.Fatalf("held lines lost:\n%s", b)
	}
}

func fileSize(t *testing.T, p string) int64 {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// Started frozen, the agent does not create its log file until the thaw.
func TestFreezeStartFrozenDefersLogFile(t *testing.T) {
	a, j := startJournaled(t)
	call(t, a.dial(), freezeReq, `{"return":3}`)
	a.cmd.Process.Kill()
	<-a.done
	logFile := filepath.Join(t.TempDir(), "agent.log")
	b := start(t, "-t", a.state, "--sim-journal", string(j), "-l", logFile)
	c := b.dial()
	call(t, c, statusReq, `{"return":"frozen"}`)
	if exists(logFile) {
		t.Fatal("log file created while frozen")
	}
	call(t, c, thawReq, `{"return":3}`)
	waitLog(t, logFile, "goqga serving")
}

// SIGTERM, SIGINT or SIGHUP while frozen: the agent thaws, then exits
// with status 0. (qemu-ga 7.2 thaws on none: it ignores SIGTERM and SIGINT
// while frozen, and SIGHUP kills it frozen, the signal's default action.)
func TestFreezeSignalThaws(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			logFile := filepath.Join(t.TempDir(), "agent.log")
			a, j := startJournaled(t, "-l", logFile)
			call(t, a.dial(), freezeReq, `{"return":3}`)
			a.cmd.Process.Signal(sig)
			select {
			case <-a.done:
			case <-time.After(10 * time.Second):
				t.Fatal("agent did not exit")
			}
			if code := a.cmd.ProcessState.ExitCode(); code != 0 {
				t.Errorf("exit status %d (%v), want 0", code, a.cmd.ProcessState)
			}
			j.expect(t, append(frozeAll, thawAll...)...)
			if exists(marker(a)) {
				t.Fatal("marker left after exit")
			}
			waitLog(t, logFile, "thawed the filesystems first")
		})
	}
}

// Pipelined after a thaw, a command runs after it (qemu-ga's order), not
// refused because the thaw had not finished; pipelined after a freeze, it
// sees the freeze's outcome.
func TestFreezePipelined(t *testing.T) {
	c := start(t).dial()
	ifaces := ifacesOK(t, c)
	write(t, c, freezeReq+ifacesReq+thawReq+ifacesReq)
	expect(t, c, `{"return":3}`, refusedFrozen("guest-network-get-interfaces"), `{"return":3}`, ifaces)

	c = start(t, "--faults", "os.freeze@/=error(EIO)*1").dial()
	write(t, c, freezeReq+ifacesReq)
	expect(t, c, `{"error":{"class":"GenericError","desc":"failed to freeze /: Input/output error"}}`, ifaces)
}

// A freeze does not start while a command that is not allowed while
// frozen still runs: the slow guest-file-close finishes (journaled)
// before the first freeze.
func TestFreezeWaitsForRunningCommand(t *testing.T) {
	a, j := startJournaled(t, "--faults", "actor.files@guest-file-close=delay(300ms)")
	c := a.dial()
	var h int64
	if err := c.Do("guest-file-open", map[string]string{"path": "/f", "mode": "w"}, &h); err != nil {
		t.Fatal(err)
	}
	closeReq, _ := json.Marshal(map[string]any{"execute": "guest-file-close", "arguments": map[string]int64{"handle": h}})
	write(t, c, string(closeReq)+freezeReq+statusReq)
	expect(t, c, `{"return":{}}`, `{"return":3}`, `{"return":"frozen"}`)
	lines := j.lines(t)
	if len(lines) != 5 || !strings.Contains(lines[1], `"op":"file-close"`) || lines[2] != frozeAll[0] {
		t.Fatalf("journal (the close must come before the freeze):\n%s", strings.Join(lines, "\n"))
	}
}

// Daemonized and started frozen, the agent writes its pidfile only after
// the thaw (qemu-ga's rule: no file is touched while frozen).
func TestFreezeStartFrozenDefersPidfile(t *testing.T) {
	dir := t.TempDir()
	sock, pidf := filepath.Join(dir, "d.sock"), filepath.Join(dir, "run", "qga.pid")
	if err := os.WriteFile(filepath.Join(dir, "qga.state.isfrozen"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runAgent(t, nil, "-d", "-m", "unix-listen", "-p", sock, "-f", pidf, "-t", dir, "--os", "sim", "--sim-root", t.TempDir()); code != 0 {
		t.Fatalf("-d: exit %d: %s", code, errOut)
	}
	pid := peerPid(t, sock)
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
	c := dialWhenReady(t, sock)
	call(t, c, statusReq, `{"return":"frozen"}`)
	if exists(pidf) {
		t.Fatal("pidfile written while frozen")
	}
	call(t, c, thawReq, `{"return":0}`)
	for deadline := time.Now().Add(5 * time.Second); !exists(pidf); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no pidfile after the thaw")
		}
	}
	if b, _ := os.ReadFile(pidf); strings.TrimSpace(string(b)) != strconv.Itoa(pid) {
		t.Errorf("pidfile holds %q, the agent is %d", b, pid)
	}
	syscall.Kill(pid, syscall.SIGTERM)
}

// peerPid is the pid of the process serving the unix socket.
func peerPid(t *testing.T, sock string) int {
	t.Helper()
	conn, err := net.DialTimeout("unix", sock, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	raw, err := conn.(*net.UnixConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var cred *syscall.Ucred
	raw.Control(func(fd uintptr) {
		cred, err = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	})
	if err != nil {
		t.Fatal(err)
	}
	return int(cred.Pid)
}

// A --sim-config world: btrfs subvolumes (major 0) are frozen once per
// filesystem, a bind mount of a frozen device is skipped, tmpfs never.
func TestFreezeSimConfigWorld(t *testing.T) {
	world := filepath.Join(t.TempDir(), "world.json")
	os.WriteFile(world, []byte(`{"mounts":[
		{"path":"/","type":"ext4","dev":"8:1"},
		{"path":"/data","type":"btrfs","dev":"0:40"},
		{"path":"/data/sub","type":"btrfs","dev":"0:40"},
		{"path":"/srv/bind","type":"ext4","dev":"8:1"},
		{"path":"/tmp","type":"tmpfs","dev":"0:30"}]}`), 0o644)
	a, j := startJournaled(t, "--sim-config", world)
	c := a.dial()
	call(t, c, freezeReq, `{"return":2}`)
	j.expect(t, `{"mount":"/data","op":"freeze"}`, `{"mount":"/","op":"freeze"}`)
	call(t, c, `{"execute":"guest-fsfreeze-thaw"}`, `{"return":2}`)
}

// A host whose freeze hangs (stuck in the kernel) times out
// and reconnects: its freeze status is answered "frozen" at once, not
// held behind the stuck freeze (qemu-ga, one thread, answers nothing).
func TestStatusAnswersBehindAStuckFreeze(t *testing.T) {
	a := start(t, "--faults", "os.freeze@/home=hang")
	c := a.dial()
	write(t, c, freezeReq)
	c.SetTimeout(500 * time.Millisecond)
	if _, err := c.ReadReply(); err == nil {
		t.Fatal("the stuck freeze answered")
	}
	c.Close()
	c = a.dial()
	began := time.Now()
	call(t, c, statusReq, `{"return":"frozen"}`)
	call(t, c, ping, `{"return":{}}`)
	if d := time.Since(began); d > 5*time.Second {
		t.Errorf("status took %v", d)
	}
}
