package faults

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
	"github.com/goqga/goqga/test/agenttest"
)

// callTimeout bounds one request; the race detector makes the agent slow.
const callTimeout = 20 * time.Second

// fixture is one agent under a fault spec and one host connection.
type fixture struct {
	t *testing.T
	a *agenttest.Agent
	c *client.Client
	n int // requests sent, for ids
}

// start runs the agent with extra flags and connects to it. At cleanup
// it checks that the agent is still running (a fault never makes it
// exit) and that SIGTERM stops it cleanly.
func start(t *testing.T, extra ...string) *fixture {
	t.Helper()
	f := startBare(t, extra...)
	f.c = f.dial()
	return f
}

// startBare starts the agent without connecting to it (the channel
// tests' faults would hit the resync).
func startBare(t *testing.T, extra ...string) *fixture {
	t.Helper()
	a, err := agenttest.Start(agentBin, t.TempDir(), extra...)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, a: a}
	t.Cleanup(f.finish)
	return f
}

// hangUp closes the connection and waits until the agent's descriptors
// and goroutines are back to base, taken with no host connected.
func (f *fixture) hangUp(base usage, slack int) {
	f.t.Helper()
	f.c.Close()
	f.c = nil
	f.settled(base, slack)
}

func (f *fixture) dial() *client.Client {
	f.t.Helper()
	c := f.dialNoSync()
	// A resync, as a host does it: it also proves the agent has accepted
	// this session (one at a time: a connection waits in the backlog
	// until the last session has ended), so its descriptor is counted.
	if err := c.Sync(); err != nil {
		f.t.Fatal(err)
	}
	return c
}

func (f *fixture) dialNoSync() *client.Client {
	f.t.Helper()
	c, err := f.a.Dial(callTimeout)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func (f *fixture) finish() {
	if exited, err := f.a.Exited(); exited {
		f.t.Errorf("the agent exited during the test (%v); log:\n%s", err, tail(f.a.Log()))
		return
	}
	if f.c != nil {
		f.c.Close()
	}
	if err := f.a.Stop(30 * time.Second); err != nil {
		f.t.Errorf("the agent did not exit cleanly on SIGTERM: %v", err)
	}
	if f.t.Failed() {
		f.t.Logf("agent log:\n%s", tail(f.a.Log()))
	}
}

func tail(s string) string {
	const max = 8000
	if len(s) > max {
		return "..." + s[len(s)-max:]
	}
	return s
}

// call sends cmd with a fresh id and, in the same write, a guest-sync
// with an id of its own, then reads up to the sync's reply. It fails the
// test unless exactly zero or one line came before the sync's reply and
// that line carries cmd's id: nothing lost to another request, nothing
// extra, nothing out of order. The reply is nil when cmd answered nothing.
func (f *fixture) call(cmd string, args any) *client.Reply {
	f.t.Helper()
	f.n++
	rid, sid := fmt.Sprintf(`"r%d"`, f.n), fmt.Sprintf(`"s%d"`, f.n)
	req := map[string]any{"execute": cmd, "id": json.RawMessage(rid)}
	if args != nil {
		req["arguments"] = args
	}
	b, _ := json.Marshal(req)
	b = fmt.Appendf(b, `{"execute":"guest-sync","arguments":{"id":%d},"id":%s}`, f.n, sid)
	if err := f.c.WriteRaw(b); err != nil {
		f.t.Fatalf("%s: write: %v", cmd, err)
	}
	var got *client.Reply
	for {
		r, err := f.c.ReadReply()
		if err != nil {
			f.t.Fatalf("%s: reading replies: %v", cmd, err)
		}
		switch string(r.ID) {
		case sid:
			if r.Error == nil && string(r.Return) != fmt.Sprint(f.n) {
				f.t.Fatalf("guest-sync after %s returned %s", cmd, r.Return)
			}
			return got
		case rid:
			if got != nil {
				f.t.Fatalf("%s answered twice: %s then %s", cmd, got.Raw, r.Raw)
			}
			got = r
		default:
			f.t.Fatalf("%s: a stray or out-of-order reply: %s", cmd, r.Raw)
		}
	}
}

// usage is what must not grow.
type usage struct {
	fds, goroutines int
	list            string // the descriptors, for failure messages
}

func (u usage) String() string { return fmt.Sprintf("%d fds, %d goroutines", u.fds, u.goroutines) }

func (f *fixture) usage() usage {
	f.t.Helper()
	p, err := f.a.Proc()
	if err != nil {
		f.t.Fatal(err)
	}
	s, err := f.a.Stats(callTimeout)
	if err != nil {
		f.t.Fatal(err)
	}
	return usage{fds: p.FDs, goroutines: s.Goroutines, list: fdList(f.a.Pid())}
}

// settled waits until the agent's descriptors are back to base and its
// goroutines within slack of base (an Op goroutine may still be on its
// way out), and fails the test if they never are.
func (f *fixture) settled(base usage, slack int) {
	f.t.Helper()
	var now usage
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if now = f.usage(); now.fds <= base.fds && now.goroutines <= base.goroutines+slack {
			return
		}
	}
	f.t.Errorf("resources grew: %v before, %v after; descriptors before:\n%sand after:\n%s", base, now, base.list, now.list)
}

// fdList names a process's open descriptors, for failure messages.
func fdList(pid int) string {
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	ents, _ := os.ReadDir(dir)
	var b strings.Builder
	for _, e := range ents {
		target, _ := os.Readlink(dir + "/" + e.Name())
		fmt.Fprintf(&b, "  %s -> %s\n", e.Name(), target)
	}
	return b.String()
}

// errText is a reply's error text, "" for a success and "(none)" for no reply.
func errText(r *client.Reply) string {
	switch {
	case r == nil:
		return "(none)"
	case r.Error != nil:
		return r.Error.Class + ": " + r.Error.Desc
	}
	return ""
}

func contains(s, sub string) bool { return strings.Contains(strings.ToLower(s), strings.ToLower(sub)) }
