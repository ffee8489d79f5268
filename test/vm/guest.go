package vm

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/goqga/goqga/client"
)

// Console markers printed by the guest's scripts (guest/).
var (
	MarkReady        = regexp.MustCompile(`^goqga-vm: ready$`)
	MarkAgentStarted = regexp.MustCompile(`^goqga-vm: agent started pid=(\d+)$`)
	MarkAgentExited  = regexp.MustCompile(`^goqga-vm: agent exited pid=(\d+) status=(\d+)$`)
	MarkRefStarted   = regexp.MustCompile(`^goqga-vm: qemu-ga started pid=(\d+)$`)
)

var errNoAgent = errors.New("the agent did not answer")

// AgentName is the agent's file name in the guest (for pidof).
const AgentName = "goqga-agent"

// Guest is a booted VM with its monitor and control shell connected.
type Guest struct {
	*VM
	QMP *QMP
	Ctl *Ctl
}

// Boot starts a VM and waits until its agent has started and its control
// shell answers.
func Boot(o Options, timeout time.Duration) (*Guest, error) {
	v, err := Start(o)
	if err != nil {
		return nil, err
	}
	g := &Guest{VM: v}
	if err := g.connect(timeout); err != nil {
		g.Close()
		return nil, fmt.Errorf("%w\nconsole:\n%s", err, v.ConsoleTail())
	}
	return g, nil
}

func (g *Guest) connect(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var err error
	if g.QMP, err = DialQMP(g.QMPSock, 10*time.Second); err != nil {
		return err
	}
	if g.Ctl, err = DialCtl(g.CtlSock, 10*time.Second); err != nil {
		return err
	}
	if _, _, err = g.Console.Wait(MarkAgentStarted, 0, time.Until(deadline)); err != nil {
		return err
	}
	if g.RefSock != "" {
		if _, _, err = g.Console.Wait(MarkRefStarted, 0, time.Until(deadline)); err != nil {
			return err
		}
	}
	if err = g.Ctl.WaitReady(time.Until(deadline)); err != nil {
		return err
	}
	_, err = g.Ctl.Must("true", time.Minute)
	return err
}

// ConsoleTail is the end of the console log, for failure messages.
func (v *VM) ConsoleTail() string {
	b, _ := os.ReadFile(v.Console.Path)
	return Tail(b, 4000)
}

// Close stops QEMU and closes the connections.
func (g *Guest) Close() {
	if g.QMP != nil {
		g.QMP.Close()
	}
	if g.Ctl != nil {
		g.Ctl.Close()
	}
	g.VM.Kill()
}

// DialAgent connects a host client to the agent's port and resyncs
// (0xFF + guest-sync-delimited), retrying until the agent answers: after
// a boot or a restart it may not have opened its port yet.
func (g *Guest) DialAgent(timeout time.Duration) (*client.Client, error) {
	return dialAgent(g.QGASock, timeout)
}

// DialRefAgent connects to Debian's qemu-ga in the guest (a boot with
// GuestConfig.RefAgent), as DialAgent does to goqga.
func (g *Guest) DialRefAgent(timeout time.Duration) (*client.Client, error) {
	if g.RefSock == "" {
		return nil, errors.New("this guest runs no reference agent (GuestConfig.RefAgent)")
	}
	return dialAgent(g.RefSock, timeout)
}

func dialAgent(sock string, timeout time.Duration) (*client.Client, error) {
	conn, err := net.DialTimeout("unix", sock, timeout)
	if err != nil {
		return nil, err
	}
	c := client.New(conn)
	deadline := time.Now().Add(timeout)
	for {
		c.SetTimeout(min(3*time.Second, time.Until(deadline)))
		err := c.Sync()
		if err == nil {
			c.SetTimeout(30 * time.Second)
			return c, nil
		}
		if time.Now().After(deadline) {
			c.Close()
			return nil, fmt.Errorf("%w in %v: %v", errNoAgent, timeout, err)
		}
	}
}

// AgentPID is the pid of the agent in the guest (0 when none runs).
func (g *Guest) AgentPID() (int, error) {
	out, _, err := g.Ctl.Run("pidof "+AgentName, 10*time.Second)
	if err != nil {
		return 0, err
	}
	f := strings.Fields(out)
	if len(f) == 0 {
		return 0, nil
	}
	if len(f) > 1 {
		return 0, fmt.Errorf("more than one agent runs: %q", out)
	}
	return strconv.Atoi(f[0])
}

// ProcessCPU is the CPU time (clock ticks, 100 per second) the guest
// process pid has used.
func (g *Guest) ProcessCPU(pid int) (uint64, error) {
	out, err := g.Ctl.Must(fmt.Sprintf("cat /proc/%d/stat", pid), 10*time.Second)
	if err != nil {
		return 0, err
	}
	return ProcCPU(out)
}

// BuildAgent builds cmd/agent for the guest: static (CGO_ENABLED=0), so
// it runs on a busybox initramfs with no libc.
func BuildAgent(dir string) (string, error) {
	out := filepath.Join(dir, AgentName)
	cmd := exec.Command("go", "build", "-trimpath", "-o", out, "github.com/goqga/goqga/cmd/agent")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the agent: %v\n%s", err, b)
	}
	return out, nil
}
