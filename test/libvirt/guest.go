package libvirt

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/goqga/goqga/test/vm"
)

// Guest is the VM suite's guest running as a libvirt domain.
type Guest struct {
	D       *Daemon
	Name    string
	Dir     string
	Files   vm.Files
	Console *vm.Console
	Ctl     *vm.Ctl
	ctlSock string
	started *regexp.Regexp // the console line of an agent (re)start
}

// Boot writes o's files, defines the domain (persistent, so a shut-off
// domain is still there to be asked its state), starts it and waits
// until the agent has started and the control shell answers.
func Boot(d *Daemon, o vm.Options, name string, timeout time.Duration) (*Guest, error) {
	f, err := vm.WriteFiles(o)
	if err != nil {
		return nil, err
	}
	dom := NewDomain(name, o, f)
	x, err := dom.XML()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(o.Dir, "domain.xml")
	if err := os.WriteFile(path, []byte(x), 0o644); err != nil {
		return nil, err
	}
	if _, err := d.Virsh(time.Minute, "define", path); err != nil {
		return nil, err
	}
	g := &Guest{D: d, Name: name, Dir: o.Dir, Files: f, Console: &vm.Console{Path: dom.Console}, ctlSock: dom.CtlSock,
		started: vm.MarkAgentStarted}
	if o.Guest.NoAgent {
		g.started = vm.MarkRefStarted // qemu-ga alone
	}
	if _, err := d.Virsh(2*time.Minute, "start", name); err != nil {
		d.Virsh(time.Minute, "undefine", name)
		return nil, fmt.Errorf("%v%s", err, d.Logs())
	}
	if err := g.Reconnect(0, timeout); err != nil {
		g.Close()
		return nil, fmt.Errorf("%w\nconsole:\n%s", err, g.ConsoleTail())
	}
	return g, nil
}

// Reconnect waits for an agent started on the console after byte since
// and (re)connects the control shell: after a reboot the guest's shell
// is a new one.
func (g *Guest) Reconnect(since int64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	if g.Ctl != nil {
		g.Ctl.Close()
		g.Ctl = nil
	}
	if _, _, err := g.Console.Wait(g.started, since, timeout); err != nil {
		return err
	}
	ctl, err := vm.DialCtl(g.ctlSock, 10*time.Second)
	if err != nil {
		return err
	}
	g.Ctl = ctl
	if err := ctl.WaitReady(time.Until(deadline)); err != nil {
		return err
	}
	if _, err = ctl.Must("true", time.Minute); err != nil {
		return err
	}
	return g.WaitAgent(time.Until(deadline))
}

// WaitAgent waits until libvirt has connected to the agent and a ping
// goes through: libvirt connects only once QEMU reports that the guest
// opened the port.
func (g *Guest) WaitAgent(timeout time.Duration) error {
	var err error
	if vm.Poll(timeout, func() bool { _, err = g.Agent("guest-ping", nil); return err == nil }) {
		return nil
	}
	return fmt.Errorf("the agent did not answer libvirt in %v: %v", timeout, err)
}

// Virsh runs a virsh command; the domain's name is not added.
func (g *Guest) Virsh(args ...string) (string, error) {
	return g.D.Virsh(3*time.Minute, args...)
}

// Agent sends one command through virsh qemu-agent-command and returns
// what it returned; an error reply is an error.
func (g *Guest) Agent(cmd string, args any) (json.RawMessage, error) {
	req := map[string]any{"execute": cmd}
	if args != nil {
		req["arguments"] = args
	}
	b, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	out, err := g.Virsh("qemu-agent-command", g.Name, "--timeout", "60", string(b))
	if err != nil {
		return nil, err
	}
	var r struct {
		Return json.RawMessage `json:"return"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || r.Return == nil {
		return nil, fmt.Errorf("qemu-agent-command %s: not a return: %q (%v)", cmd, out, err)
	}
	return r.Return, nil
}

// State is the domain's state as virsh domstate says it ("running",
// "paused", "pmsuspended", "shut off").
func (g *Guest) State() (string, error) {
	out, err := g.Virsh("domstate", g.Name)
	return strings.TrimSpace(out), err
}

// WaitState polls the domain's state until it is want.
func (g *Guest) WaitState(want string, timeout time.Duration) error {
	var s string
	var err error
	if vm.Poll(timeout, func() bool { s, err = g.State(); return err == nil && s == want }) {
		return nil
	}
	return fmt.Errorf("domain state %q (%v), want %q within %v", s, err, want, timeout)
}

// ConsoleTail is the end of the guest's console, for failure messages.
func (g *Guest) ConsoleTail() string {
	b, _ := os.ReadFile(g.Console.Path)
	return vm.Tail(b, 4000)
}

// Close destroys and undefines the domain.
func (g *Guest) Close() {
	if g.Ctl != nil {
		g.Ctl.Close()
	}
	g.D.Virsh(time.Minute, "destroy", g.Name)
	g.D.Virsh(time.Minute, "undefine", g.Name)
}
