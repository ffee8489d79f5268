//go:build libvirt

package libvirt

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/test/vm"
)

// The suite boots a guest under libvirt: build with -tags libvirt
// (docs/LIBVIRT.md).

var agentFlag = flag.String("agent", envOr("GOQGA_LIBVIRT_AGENT", "goqga"),
	"the agent in the guest: goqga, or qemu-ga (Debian's 7.2); default $GOQGA_LIBVIRT_AGENT")

var agentBinary = flag.String("agent-binary", "",
	"a goqga binary (static) to run in the guest instead of one built from this tree (a release build)")

var (
	prepared vm.Options // the agent and guest parts, ready to boot
	daemon   *Daemon
	setupErr error // why the suite cannot run: every test fails with it
)

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "goqga-lv-") // short: unix socket paths are limited
	if err != nil {
		panic(err)
	}
	setupErr = setup(dir)
	code := m.Run()
	if daemon != nil {
		daemon.Stop()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

func setup(dir string) error {
	start := time.Now()
	logf := func(f string, a ...any) { fmt.Fprintf(os.Stderr, f+"\n", a...) }
	var err error
	if prepared, err = vm.Prepare(dir, logf); err != nil {
		return err
	}
	if *agentBinary != "" {
		prepared.Guest.Agent = *agentBinary
	}
	if err := agentUnderTest(&prepared.Guest, *agentFlag); err != nil {
		return err
	}
	parts := time.Since(start)
	if daemon, err = StartDaemon(dir+"/lv", time.Minute); err != nil {
		return err
	}
	logf("libvirt suite: agent %s; guest parts and agent ready in %v, libvirtd in %v more", *agentFlag,
		parts.Round(time.Millisecond), (time.Since(start) - parts).Round(time.Millisecond))
	return nil
}

// hookPath is the fsfreeze hook in the guest: it appends its argument
// ("freeze" or "thaw") to hookLog, so a test sees the agent froze and
// thawed whichever agent runs (libvirt's snapshot --quiesce says only
// that it succeeded).
const (
	hookPath = "/etc/goqga/fsfreeze-hook"
	hookLog  = "/tmp/fsfreeze-hook.log"
)

// agentUnderTest sets which agent the guest runs, with the hook.
func agentUnderTest(g *vm.GuestConfig, name string) error {
	g.SMP = 2 // a vCPU to take offline
	g.Extra = append(g.Extra, vm.File{Name: strings.TrimPrefix(hookPath, "/"), Mode: 0o755,
		Data: []byte("#!/bin/sh\necho \"$1\" >>" + hookLog + "\n")})
	switch name {
	case "goqga":
		// The reference layer too, for its chpasswd and account files
		// (busybox has no chpasswd); qemu-ga idles on its own port.
		g.RefAgent = true
		g.AgentArgs = append(append([]string{}, g.AgentArgs...), "--fsfreeze-hook="+hookPath)
		return nil
	case "qemu-ga":
		// qemu-ga alone, on the agent's port: its -p comes after the
		// one qemu-ga-run gives (org.qemu.guest_agent.1), and the last
		// wins. Nothing is blocked: this guest is the suite's own.
		g.NoAgent, g.RefAgent = true, true
		g.RefAgentArgs = []string{"-p", "/dev/virtio-ports/org.qemu.guest_agent.0", "--fsfreeze-hook=" + hookPath}
		return nil
	}
	return fmt.Errorf("-agent %q: want goqga or qemu-ga", name)
}

// bootTimeout bounds a boot under TCG on a busy 2-core machine.
const bootTimeout = 3 * time.Minute

// boot defines and starts the guest for t; it is destroyed when t ends.
func boot(t *testing.T, name string) *Guest {
	t.Helper()
	if setupErr != nil {
		t.Fatalf("the libvirt suite cannot run: %v", setupErr)
	}
	o := prepared
	dir, err := os.MkdirTemp("", "goqga-lvg-")
	if err != nil {
		t.Fatal(err)
	}
	o.Dir = dir
	start := time.Now()
	g, err := Boot(daemon, o, name, bootTimeout)
	if err != nil {
		os.RemoveAll(dir)
		t.Fatalf("booting the domain: %v", err)
	}
	t.Logf("domain %s booted in %v", name, time.Since(start).Round(time.Millisecond))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("guest console ends:\n%s\nlibvirt logs:%s", g.ConsoleTail(), daemon.Logs())
		}
		g.Close()
		os.RemoveAll(dir)
	})
	return g
}

// virsh runs a virsh command and fails t on an error.
func virsh(t *testing.T, g *Guest, args ...string) string {
	t.Helper()
	out, err := g.Virsh(args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// agentCmd runs one agent command through virsh qemu-agent-command and
// decodes its return into out.
func agentCmd(t *testing.T, g *Guest, cmd string, args, out any) {
	t.Helper()
	r, err := g.Agent(cmd, args)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil {
		if err := json.Unmarshal(r, out); err != nil {
			t.Fatalf("%s: decoding %s: %v", cmd, r, err)
		}
	}
}

// sh runs a command in the guest's control shell and fails t unless it
// exits 0.
func sh(t *testing.T, g *Guest, cmd string) string { t.Helper(); return g.Ctl.MustRun(t, cmd) }

// eventually polls cond until it holds or timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	vm.Eventually(t, timeout, what, cond)
}
