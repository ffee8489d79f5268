//go:build vm

package vm

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

// The suite boots real guests: build with -tags vm (docs/VM.md).

var (
	prepared Options // the agent and guest parts, ready to boot
	prepErr  error   // why they are not: every test fails with it
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "goqga-vmsuite-")
	if err != nil {
		panic(err)
	}
	prepared, prepErr = Prepare(dir, func(f string, a ...any) { fmt.Fprintf(os.Stderr, f+"\n", a...) })
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// bootTimeout bounds a boot under TCG on a busy 2-core machine (about 5 s
// when idle).
const bootTimeout = 3 * time.Minute

// boot starts a guest for t, changed by edit, and stops it when t ends.
func boot(t *testing.T, edit func(*GuestConfig)) *Guest {
	t.Helper()
	if prepErr != nil {
		t.Fatalf("the VM suite cannot run: %v", prepErr)
	}
	o := prepared
	o.Guest.AgentArgs = append([]string{}, o.Guest.AgentArgs...)
	dir, err := os.MkdirTemp("", "goqga-vm-") // short: unix socket paths are limited
	if err != nil {
		t.Fatal(err)
	}
	o.Dir = dir
	if edit != nil {
		edit(&o.Guest)
	}
	start := time.Now()
	g, err := Boot(o, bootTimeout)
	if err != nil {
		os.RemoveAll(dir)
		t.Fatalf("booting the guest: %v", err)
	}
	t.Logf("guest booted (%s) in %v", g.Accel, time.Since(start).Round(time.Millisecond))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("guest console ends:\n%s", g.ConsoleTail())
		}
		g.Close()
		os.RemoveAll(dir)
	})
	return g
}

// agent connects a host client to g's agent; closed when t ends.
func agent(t *testing.T, g *Guest) *client.Client {
	t.Helper()
	c, err := g.DialAgent(time.Minute)
	if err != nil {
		t.Fatalf("%v\nconsole:\n%s", err, g.ConsoleTail())
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// do calls cmd and decodes its return into out; an error reply fails t.
func do(t *testing.T, c *client.Client, cmd string, args, out any) {
	t.Helper()
	r, err := c.Call(cmd, args)
	if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	if r.Error != nil {
		t.Fatalf("%s: error reply %s: %s", cmd, r.Error.Class, r.Error.Desc)
	}
	if out != nil {
		if err := json.Unmarshal(r.Return, out); err != nil {
			t.Fatalf("%s: decoding %s: %v", cmd, r.Return, err)
		}
	}
}

// refused calls cmd and wants an error reply of class.
func refused(t *testing.T, c *client.Client, cmd string, args any, class, descPart string) {
	t.Helper()
	r, err := c.Call(cmd, args)
	if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	if r.Error == nil || r.Error.Class != class || !strings.Contains(r.Error.Desc, descPart) {
		t.Fatalf("%s: got %s, want a %s error mentioning %q", cmd, r.Raw, class, descPart)
	}
}

// sh runs a command in the guest's control shell and fails t unless it
// exits 0.
func sh(t *testing.T, g *Guest, cmd string) string { t.Helper(); return g.Ctl.MustRun(t, cmd) }

// eventually polls cond until it holds or timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	Eventually(t, timeout, what, cond)
}

// guestCase is one case of a suite that shares one guest.
type guestCase struct {
	name string
	run  func(*testing.T, *Guest)
}

// runInOrder runs the cases on g in order, logging each one's time, and
// stops at the first failure: later cases assume the guest the earlier
// ones left (a failed one may leave it frozen or suspended), so their
// failures would only be noise.
func runInOrder(t *testing.T, g *Guest, cases []guestCase) {
	t.Helper()
	for _, tc := range cases {
		start := time.Now()
		ok := t.Run(tc.name, func(t *testing.T) { tc.run(t, g) })
		t.Logf("%s: %v", tc.name, time.Since(start).Round(time.Millisecond))
		if !ok {
			t.Fatalf("%s failed; the remaining cases need the guest it left", tc.name)
		}
	}
}
