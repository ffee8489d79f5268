//go:build vm

package vm

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

// debBuild is the package the Debian tests share, built once.
var debBuild struct {
	once          sync.Once
	path, version string
	err           error
}

func builtDeb(t *testing.T) (path, version string) {
	t.Helper()
	debBuild.once.Do(func() {
		dir, err := os.MkdirTemp("", "goqga-deb-")
		if err != nil {
			debBuild.err = err
			return
		}
		start := time.Now()
		debBuild.path, debBuild.version, debBuild.err = BuildDeb(dir)
		t.Logf("built %s in %v", filepath.Base(debBuild.path), time.Since(start).Round(time.Millisecond))
	})
	if debBuild.err != nil {
		t.Fatal(debBuild.err)
	}
	return debBuild.path, debBuild.version
}

// bootDebian boots the Debian guest with the package on its "debs" disk;
// stopped when t ends.
func bootDebian(t *testing.T) (*Guest, string) {
	t.Helper()
	if prepErr != nil {
		t.Fatalf("the VM suite cannot run: %v", prepErr)
	}
	deb, version := builtDeb(t)
	start := time.Now()
	root, err := DebianRoot(CacheDir(), t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Debian root %s ready in %v", filepath.Base(filepath.Dir(root)), time.Since(start).Round(time.Millisecond))
	dir, err := os.MkdirTemp("", "goqga-vm-")
	if err != nil {
		t.Fatal(err)
	}
	o := prepared
	o.Dir = dir
	start = time.Now()
	g, err := BootDebian(o, root, filepath.Dir(deb), bootTimeout)
	if err != nil {
		os.RemoveAll(dir)
		t.Fatalf("booting the Debian guest: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("guest console ends:\n%s", g.ConsoleTail())
		}
		g.Close()
		os.RemoveAll(dir)
	})
	t.Logf("Debian guest (%s): control shell after %v", g.Accel, time.Since(start).Round(time.Millisecond))
	state, err := g.WaitBooted(bootTimeout)
	t.Logf("Debian guest: systemd %q after %v", state, time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return g, version
}

// debianConf is the guest's /etc/qemu/qemu-ga.conf: a key of ours
// (freeze-timeout), the deprecated blacklist key, and a key no agent
// knows, which must cost a warning, not the agent.
const debianConf = `[general]
freeze-timeout=30s
blacklist=guest-file-write
no-such-key-in-any-agent=1
`

// debianHooks go into /etc/qemu/fsfreeze-hook.d: each appends its name
// and argument to a trace on /run (a tmpfs, never frozen); the
// package-manager leftover must never run.
var debianHooks = map[string]string{"10-first": "", "20-second": "", "15-old.dpkg-old": "LEFTOVER "}

const hookTrace = "/run/goqga-hook.trace"

// TestDebianGuest installs the .deb in a Debian 12 guest booted with
// systemd and runs, in order, what an operator relies on; a failure stops
// the rest (they build on the state it left).
func TestDebianGuest(t *testing.T) {
	g, version := bootDebian(t)
	runInOrder(t, g, []guestCase{
		{"InstallStartedByUdev", testDebInstall},
		{"PortUnplugPlug", testPortUnplugPlug},
		{"HostTalks", func(t *testing.T, g *Guest) { testDebHostTalks(t, g, version) }},
		{"FreezeRunsHooks", testDebFreezeHooks},
		{"KilledWhileFrozen", testDebKilledWhileFrozen},
		{"WatchdogAfterRestart", testDebWatchdogAfterRestart},
		{"StopWhileFrozenThaws", testDebStopWhileFrozen},
		{"Journal", testDebJournal},
		{"SocketActivation", testDebSocketActivation},
		{"Reboot", testDebReboot},
	})
}

// service reads properties of goqga.service from systemd.
func service(t *testing.T, g *Guest, props ...string) map[string]string {
	t.Helper()
	out := sh(t, g, "systemctl show goqga.service -p "+strings.Join(props, ","))
	m := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			m[k] = v
		}
	}
	return m
}

// waitActive waits until goqga.service is active with a main pid other
// than not, and returns that pid.
func waitActive(t *testing.T, g *Guest, not string) string {
	t.Helper()
	var pid string
	eventually(t, time.Minute, "goqga.service active (main pid not "+not+")", func() bool {
		p := service(t, g, "ActiveState", "MainPID")
		pid = p["MainPID"]
		return p["ActiveState"] == "active" && pid != "0" && pid != not
	})
	return pid
}

func testDebInstall(t *testing.T, g *Guest) {
	// Before: Debian's qemu-ga, started by its own udev rule, serves the
	// port, as in a guest an operator switches.
	sh(t, g, "test -e /dev/virtio-ports/org.qemu.guest_agent.0")
	eventually(t, time.Minute, "Debian's qemu-guest-agent.service active", func() bool {
		out, _, _ := g.Ctl.Run("systemctl is-active qemu-guest-agent.service", time.Minute)
		return strings.TrimSpace(out) == "active"
	})
	var before struct {
		Version string `json:"version"`
	}
	c := agent(t, g)
	do(t, c, "guest-info", nil, &before)
	c.Close()
	if !strings.HasPrefix(before.Version, "7.") {
		t.Fatalf("before the switch the port answers version %q, want qemu-ga 7.x", before.Version)
	}
	sh(t, g, "mkdir -p /etc/qemu/fsfreeze-hook.d && printf '%s' '"+debianConf+"' > /etc/qemu/qemu-ga.conf")
	for name, prefix := range debianHooks {
		sh(t, g, fmt.Sprintf("printf '#!/bin/sh\\necho \"%s%s $1\" >> %s\\necho hook %s says $1\\n' > /etc/qemu/fsfreeze-hook.d/%s && chmod +x /etc/qemu/fsfreeze-hook.d/%s",
			prefix, name, hookTrace, name, name, name))
	}
	out, err := g.InstallDeb()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("dpkg -i:\n%s", out)
	// dpkg removed qemu-guest-agent (Conflicts + Replaces) and took over its
	// unit name, its hook and the hook directory.
	if out := sh(t, g, "dpkg-query -W -f '${db:Status-Status}' qemu-guest-agent 2>/dev/null || true; "+
		"dpkg -S /etc/qemu/fsfreeze-hook /lib/systemd/system/qemu-guest-agent.service; pidof qemu-ga || true"); !strings.HasPrefix(out, "config-files") && !strings.HasPrefix(out, "not-installed") ||
		strings.Count(out, "goqga: ") != 2 {
		t.Errorf("after dpkg -i (want qemu-guest-agent removed, goqga owning the hook and the unit name, no qemu-ga):\n%s", out)
	}
	// The postinst re-tells udev about the port; udev wants the unit (from
	// the port's device unit, which the rule tags for systemd).
	pid := waitActive(t, g, "")
	p := service(t, g, "Type", "WantedBy", "Names", "Restart", "ExecMainStatus")
	if p["Type"] != "notify" || !strings.Contains(p["WantedBy"], `x2dports`) ||
		p["Restart"] != "always" {
		t.Errorf("goqga.service (pid %s): %v", pid, p)
	}
	if out := sh(t, g, "systemctl is-active qemu-guest-agent.service; readlink -f /usr/sbin/goqga"); !strings.HasPrefix(out, "active\n") {
		t.Errorf("the alias qemu-guest-agent.service: %q", out)
	}
	// systemd's own check of the package's units: no unknown directive,
	// no bad value, the binary where ExecStart says (--man=no: the guest
	// has no man program to look up Documentation=).
	if out, status, err := g.Ctl.Run("cd /lib/systemd/system && systemd-analyze verify --man=no goqga.service goqga-vsock.socket goqga-vsock.service", time.Minute); err != nil || status != 0 || out != "" {
		t.Errorf("systemd-analyze verify: exit %d %v\n%s", status, err, out)
	}
}

// testPortUnplugPlug: the agent's unit follows the port: unplugged, the
// unit stops (BindsTo); plugged again, udev starts it.
func testPortUnplugPlug(t *testing.T, g *Guest) {
	old := service(t, g, "MainPID")["MainPID"]
	mark := g.QMP.Mark()
	if _, err := g.QMP.Execute("device_del", map[string]any{"id": AgentPortID}, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := g.QMP.WaitEvent("DEVICE_DELETED", mark, time.Minute); err != nil {
		t.Fatal(err)
	}
	eventually(t, time.Minute, "goqga.service stops with its port", func() bool {
		return service(t, g, "ActiveState")["ActiveState"] == "inactive"
	})
	if _, err := g.QMP.Execute("device_add", map[string]any{"driver": "virtserialport", "bus": "vser0.0", "nr": 1,
		"chardev": "qga0", "name": "org.qemu.guest_agent.0", "id": AgentPortID}, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	waitActive(t, g, old)
}

func testDebHostTalks(t *testing.T, g *Guest, version string) {
	c := agent(t, g)
	do(t, c, "guest-ping", nil, nil)
	var info struct {
		Version  string `json:"version"`
		Commands []struct {
			Name    string `json:"name"`
			Enabled bool   `json:"enabled"`
		} `json:"supported_commands"`
	}
	do(t, c, "guest-info", nil, &info)
	if info.Version != version {
		t.Errorf("guest-info version %q, want the package's %q", info.Version, version)
	}
	for _, cmd := range info.Commands {
		if cmd.Name == "guest-file-write" && cmd.Enabled {
			t.Error("guest-file-write is enabled: the config's blacklist key was not applied")
		}
	}
	if out := sh(t, g, "goqga -V"); !strings.Contains(out, version) {
		t.Errorf("goqga -V: %q, want %q", out, version)
	}
}

func trace(t *testing.T, g *Guest) string {
	t.Helper()
	return sh(t, g, "cat "+hookTrace+" 2>/dev/null; rm -f "+hookTrace)
}

// waitTrace waits for the hooks' trace to read want, then clears it.
func waitTrace(t *testing.T, g *Guest, want string) {
	t.Helper()
	var got string
	deadline := time.Now().Add(30 * time.Second)
	for got = sh(t, g, "cat "+hookTrace+" 2>/dev/null || true"); got != want && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
		got = sh(t, g, "cat "+hookTrace+" 2>/dev/null || true")
	}
	if got != want {
		t.Fatalf("hooks ran:\n%q\nwant\n%q", got, want)
	}
	trace(t, g)
}

const (
	hooksFroze  = "10-first freeze\n20-second freeze\n"
	hooksThawed = "20-second thaw\n10-first thaw\n"
)

// debFreeze freezes through the agent: the root is the one filesystem.
func debFreeze(t *testing.T, g *Guest) {
	t.Helper()
	trace(t, g) // a cleanup's thaw runs the thaw hooks too, as qemu-ga's does
	c := agent(t, g)
	var n int
	do(t, c, "guest-fsfreeze-freeze", nil, &n)
	c.Close()
	if n != 1 {
		t.Fatalf("froze %d filesystems, want 1 (the root)", n)
	}
	if got := trace(t, g); got != hooksFroze {
		t.Fatalf("hooks ran for freeze:\n%q\nwant\n%q", got, hooksFroze)
	}
	sh(t, g, "test -e /run/qga.state.isfrozen")
}

// rootWrite starts a write to the root in the guest's background; it
// completes (and creates the flag on /run) only while the root is thawed.
func rootWrite(t *testing.T, g *Guest, name string) (flag string) {
	t.Helper()
	flag = "/run/goqga-" + name + ".done"
	sh(t, g, fmt.Sprintf("rm -f %[1]s; (echo %[2]s > /var/tmp/goqga-%[2]s && echo ok > %[1]s) >/dev/null 2>&1 &", flag, name))
	return flag
}

// thawedAfter wants the write behind flag to complete.
func thawedAfter(t *testing.T, g *Guest, flag string) {
	t.Helper()
	eventually(t, 30*time.Second, "the root takes writes again", func() bool { return exists(g, flag) })
}

func testDebFreezeHooks(t *testing.T, g *Guest) {
	debFreeze(t, g)
	flag := rootWrite(t, g, "freeze")
	stillBlocked(t, g, flag)
	c := agent(t, g)
	thaw(t, c, 1)
	if got := trace(t, g); got != hooksThawed {
		t.Fatalf("hooks ran for thaw:\n%q\nwant\n%q", got, hooksThawed)
	}
	thawedAfter(t, g, flag)
}

// killFrozen freezes, kills the agent with SIGKILL and waits for systemd
// to restart it; returns a client of the new agent, which must be frozen,
// and the flag of a write waiting for the thaw.
func killFrozen(t *testing.T, g *Guest, name string) (*client.Client, string) {
	t.Helper()
	debFreeze(t, g)
	t.Cleanup(func() {
		if c, err := g.DialAgent(time.Minute); err == nil {
			c.Call("guest-fsfreeze-thaw", nil)
			c.Close()
		}
	})
	flag := rootWrite(t, g, name)
	old := service(t, g, "MainPID")["MainPID"]
	sh(t, g, "kill -9 "+old)
	waitActive(t, g, old)
	c := agent(t, g)
	if s := freezeStatus(t, c); s != "frozen" {
		t.Fatalf("the agent systemd restarted reports %q", s)
	}
	refused(t, c, "guest-file-open", map[string]any{"path": "/var/tmp/x", "mode": "w"}, "CommandNotFound", "guest-file-open")
	if exists(g, flag) {
		t.Fatal("a write to the frozen root completed")
	}
	return c, flag
}

func testDebKilledWhileFrozen(t *testing.T, g *Guest) {
	c, flag := killFrozen(t, g, "killed")
	thaw(t, c, 1)
	if got := trace(t, g); got != hooksThawed {
		t.Fatalf("hooks ran for thaw:\n%q\nwant\n%q", got, hooksThawed)
	}
	thawedAfter(t, g, flag)
}

// testDebWatchdogAfterRestart: killed while frozen and no host thaws: the
// restarted agent thaws by itself (freeze-timeout=30s from the config).
func testDebWatchdogAfterRestart(t *testing.T, g *Guest) {
	start := time.Now()
	c, flag := killFrozen(t, g, "watchdog")
	c.Close()
	eventually(t, 2*time.Minute, "the watchdog thaws", func() bool { return exists(g, flag) })
	if d := time.Since(start); d < 25*time.Second {
		t.Errorf("thawed %v after the freeze, before the 30 s freeze-timeout", d)
	}
	waitTrace(t, g, hooksThawed) // the hook runs after FITHAW, which let the write through
	c = agent(t, g)
	if s := freezeStatus(t, c); s != "thawed" {
		t.Fatalf("status %q after the watchdog", s)
	}
}

// testDebStopWhileFrozen: systemctl stop while frozen: the agent thaws
// (hooks included) before it exits.
func testDebStopWhileFrozen(t *testing.T, g *Guest) {
	debFreeze(t, g)
	flag := rootWrite(t, g, "stop")
	sh(t, g, "systemctl stop goqga.service")
	thawedAfter(t, g, flag)
	if got := trace(t, g); got != hooksThawed {
		t.Fatalf("hooks ran for the stop's thaw:\n%q\nwant\n%q", got, hooksThawed)
	}
	sh(t, g, "! test -e /run/qga.state.isfrozen && systemctl start goqga.service")
	waitActive(t, g, "")
}

// journalEntry is the part of journalctl -o json the test reads.
type journalEntry struct {
	Message  string `json:"MESSAGE"`
	Priority string `json:"PRIORITY"`
	Ident    string `json:"SYSLOG_IDENTIFIER"`
}

func journal(t *testing.T, g *Guest, match string) []journalEntry {
	t.Helper()
	var out []journalEntry
	for _, l := range strings.Split(sh(t, g, "journalctl --no-pager -o json "+match), "\n") {
		var e journalEntry
		if json.Unmarshal([]byte(l), &e) == nil && e.Message != "" {
			out = append(out, e)
		}
	}
	return out
}

// testDebJournal: the agent's log is in the journal with priorities; the
// state-changing commands' audit lines are there (logger and message
// "audit"); the hook logged each script's output.
func testDebJournal(t *testing.T, g *Guest) {
	c := agent(t, g)
	if _, err := c.Call("guest-fstrim", nil); err != nil { // the reply may be an error: the root has no discard
		t.Fatal(err)
	}
	// One audit line per state-changing command the host sent: the
	// freezes and thaws of the cases before (a freeze's line is held while
	// frozen and written after the thaw) and this guest-fstrim.
	audits := []string{"guest-fsfreeze-freeze", "guest-fsfreeze-thaw", "guest-fstrim"}
	found := map[string]bool{}
	eventually(t, 30*time.Second, "the audit lines reach the journal", func() bool {
		for _, e := range journal(t, g, "-u goqga.service") {
			for _, cmd := range audits {
				if e.Priority == "6" && strings.Contains(e.Message, "audit\taudit") && strings.Contains(e.Message, `"command": "`+cmd+`"`) {
					found[cmd] = true
				}
			}
		}
		return found["guest-fsfreeze-freeze"] && found["guest-fsfreeze-thaw"] && found["guest-fstrim"]
	})
	for _, e := range journal(t, g, "-u goqga.service") {
		switch {
		case e.Priority == "4" && strings.Contains(e.Message, `unknown key "no-such-key-in-any-agent"`):
			found["warning"] = true
		case e.Priority == "6" && strings.Contains(e.Message, "goqga serving") && e.Ident == "goqga":
			found["serving"] = true
		}
	}
	for _, e := range journal(t, g, "-t goqga-fsfreeze-hook") {
		if strings.Contains(e.Message, "20-second freeze: hook 20-second says freeze") {
			found["hook output"] = true
		}
	}
	// What the README tells an operator to type (journalctl's text output
	// shows the tabs as spaces; -g matches the message itself).
	if out := sh(t, g, `journalctl --no-pager -q -u goqga.service -g 'audit\taudit' | grep -c guest-fstrim`); strings.TrimSpace(out) == "0" {
		t.Errorf("journalctl -g lacks the audit line: %q", out)
	}
	for _, k := range append(audits, "warning", "serving", "hook output") {
		if !found[k] {
			t.Errorf("the journal lacks the %s line", k)
		}
	}
	if t.Failed() {
		t.Log(sh(t, g, "journalctl --no-pager -u goqga.service -o short-monotonic | tail -40"))
	}
}

// testDebSocketActivation: goqga-vsock.socket starts goqga-vsock.service
// at the first connection, which takes the socket from systemd and
// answers. This host has no vhost-vsock, so a drop-in moves the socket
// to a unix path and the packaged qga, in the guest, connects; the units
// are the package's otherwise. goqga.service stops meanwhile (Conflicts:
// one agent freezes at a time) and comes back after.
func testDebSocketActivation(t *testing.T, g *Guest) {
	const sock = "/run/goqga-activation.sock"
	dropIn := "/run/systemd/system/goqga-vsock.socket.d"
	t.Cleanup(func() {
		g.Ctl.Run("systemctl stop goqga-vsock.socket goqga-vsock.service; rm -rf "+dropIn+
			"; systemctl daemon-reload; systemctl start goqga.service", time.Minute)
		waitActive(t, g, "")
	})
	sh(t, g, "mkdir -p "+dropIn+" && printf '[Socket]\\nListenStream=\\nListenStream="+sock+"\\n' > "+dropIn+"/unix.conf && "+
		"systemctl daemon-reload && systemctl start goqga-vsock.socket")
	if out, _, _ := g.Ctl.Run("systemctl is-active goqga-vsock.service", time.Minute); strings.TrimSpace(out) != "inactive" {
		t.Fatalf("goqga-vsock.service is %q before any connection", out)
	}
	if out := sh(t, g, "qga -s "+sock+" guest-ping"); strings.TrimSpace(out) != "{}" {
		t.Errorf("qga guest-ping through the activated socket: %q", out)
	}
	out := sh(t, g, "systemctl show goqga-vsock.service -p ActiveState,Type; systemctl is-active goqga.service || true")
	if !strings.Contains(out, "ActiveState=active") || !strings.Contains(out, "Type=notify") || !strings.Contains(out, "inactive") {
		t.Errorf("after the connection (want the vsock service active, goqga.service stopped):\n%s", out)
	}
}

// testDebReboot: guest-shutdown reboot through the agent; systemd brings
// the guest back and udev the agent.
func testDebReboot(t *testing.T, g *Guest) {
	c := agent(t, g)
	mark := g.QMP.Mark()
	if r, err := c.CallNoReply("guest-shutdown", map[string]any{"mode": "reboot"}, 2*time.Second); r != nil || err != nil {
		t.Fatalf("guest-shutdown: reply %v, %v; want none", r, err)
	}
	c.Close()
	start := time.Now()
	if _, err := g.QMP.WaitEvent("RESET", mark, 2*time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := g.Reconnect(bootTimeout); err != nil {
		status, serr := g.QMP.Status(10 * time.Second)
		t.Fatalf("after the reset (%v ago; QEMU status %q %v): %v", time.Since(start).Round(time.Second), status, serr, err)
	}
	state, err := g.WaitBooted(bootTimeout)
	t.Logf("rebooted: systemd %q after %v", state, time.Since(start).Round(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	waitActive(t, g, "")
	c = agent(t, g)
	do(t, c, "guest-ping", nil, nil)
	// The journal is persistent (Debian's default): the last boot's agent
	// log survived the reboot, down to the audit line of the guest-shutdown
	// that rebooted it.
	if out, _, _ := g.Ctl.Run(`journalctl --no-pager -q -b -1 -u goqga.service -g 'audit\taudit' | grep -c '"guest-shutdown", "mode": "reboot"'`, time.Minute); strings.TrimSpace(out) == "0" {
		t.Errorf("the previous boot's audit lines: %q\n%s", out, sh(t, g, "journalctl --list-boots --no-pager; ls -la /var/log/journal/* /run/log/journal/* 2>&1; journalctl -q -b -1 --no-pager | tail -30"))
	}
}

// TestDebPackage: the .deb has what an operator installs, lintian finds
// no error in it, and the licences shipped cover exactly the modules
// linked into the binary (go version -m).
func TestDebPackage(t *testing.T) {
	deb, version := builtDeb(t)
	out, err := exec.Command("lintian", "--fail-on", "error", deb).CombinedOutput()
	if err != nil {
		t.Errorf("lintian: %v\n%s", err, out)
	}
	t.Logf("lintian:\n%s", out)
	control, err := exec.Command("dpkg-deb", "-f", deb).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Version: " + version, "Provides: qemu-guest-agent", "Conflicts: qemu-guest-agent", "Replaces: qemu-guest-agent"} {
		if !strings.Contains(string(control), want+"\n") {
			t.Errorf("control lacks %q:\n%s", want, control)
		}
	}
	root := t.TempDir()
	if out, err := exec.Command("dpkg-deb", "-x", deb, root).CombinedOutput(); err != nil {
		t.Fatalf("dpkg-deb -x: %v\n%s", err, out)
	}
	for _, f := range []string{"usr/sbin/goqga", "usr/bin/qga", "lib/systemd/system/goqga.service",
		"lib/systemd/system/goqga-vsock.socket", "lib/systemd/system/goqga-vsock.service", "lib/udev/rules.d/60-goqga.rules",
		"etc/qemu/fsfreeze-hook", "etc/qemu/fsfreeze-hook.d", "usr/share/man/man8/goqga.8.gz", "usr/share/man/man1/qga.1.gz",
		"usr/share/doc/goqga/copyright", "usr/share/doc/goqga/examples/qemu-ga.conf"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Errorf("the package lacks %s", f)
		}
	}
	if l, err := os.Readlink(filepath.Join(root, "lib/systemd/system/qemu-guest-agent.service")); err != nil || l != "goqga.service" {
		t.Errorf("qemu-guest-agent.service alias: %q, %v", l, err)
	}
	if out, _ := exec.Command(filepath.Join(root, "usr/sbin/goqga"), "-V").Output(); !strings.Contains(string(out), version) {
		t.Errorf("goqga -V: %q, want %q", out, version)
	}
	// Every module go version -m lists is in the copyright file.
	mods, err := exec.Command("go", "version", "-m", filepath.Join(root, "usr/sbin/goqga")).Output()
	if err != nil {
		t.Fatal(err)
	}
	copyright, _ := os.ReadFile(filepath.Join(root, "usr/share/doc/goqga/copyright"))
	n := 0
	for _, l := range strings.Split(string(mods), "\n") {
		f := strings.Fields(l)
		if len(f) >= 3 && f[0] == "dep" {
			n++
			if !strings.Contains(string(copyright), "\n"+f[1]+" "+f[2]) {
				t.Errorf("%s %s is linked but not in the copyright file", f[1], f[2])
			}
		}
	}
	if n < 5 {
		t.Errorf("go version -m lists %d modules:\n%s", n, mods)
	}
}
