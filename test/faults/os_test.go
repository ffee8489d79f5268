package faults

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// osCase is one os.* point and the workload that reaches it.
type osCase struct {
	point, target string
	domain        string
	work          workload
	touches       []string // the steps that go through the point (see key)
	only          string   // "": every action; else only this one (a targeted panic)
	// errorOK is what a touching command answers under error(EIO) when it
	// is not an error ("": success, e.g. missing counters only drop the
	// statistics); unset means an error naming the errno.
	errorOK *string
	extra   []string // more agent flags
}

var success = ""

var osCases = []osCase{
	{point: "os.open", domain: "files", work: filesWork, touches: []string{"guest-file-open"}},
	{point: "os.read", domain: "files", work: filesWork, touches: []string{"guest-file-read"}},
	{point: "os.write", domain: "files", work: filesWork, touches: []string{"guest-file-write"}},
	{point: "os.seek", domain: "files", work: filesWork, touches: []string{"guest-file-seek"}},
	{point: "os.flush", domain: "files", work: filesWork, touches: []string{"guest-file-flush"}},
	{point: "os.close", domain: "files", work: filesWork, touches: []string{"guest-file-close"}},
	// The counter is read at start-up; after a failure every open reads it again.
	{point: "os.read_state", domain: "files", work: filesWork, touches: []string{"guest-file-open"}},
	{point: "os.write_state", domain: "files", work: filesWork, touches: []string{"guest-file-open"}},
	// Power panics target one mode: untargeted, every round would crash
	// the actor three times and the restart backoff would crawl.
	{point: "os.shutdown", domain: "power", work: powerWork, touches: []string{"guest-shutdown", "guest-shutdown halt", "guest-shutdown reboot"}, only: "!panic"},
	{point: "os.shutdown", target: "halt", domain: "power", work: powerWork, touches: []string{"guest-shutdown halt"}, only: "panic"},
	{point: "os.suspend", domain: "power", work: powerWork, touches: []string{"guest-suspend-ram", "guest-suspend-disk", "guest-suspend-hybrid"}, only: "!panic"},
	{point: "os.suspend", target: "ram", domain: "power", work: powerWork, touches: []string{"guest-suspend-ram"}, only: "panic"},
	{point: "os.exec", domain: "exec", work: execWork, touches: []string{"guest-exec"}},
	{point: "os.exec_resolve", domain: "exec", work: execWork, touches: []string{"guest-exec"}, extra: []string{"--exec-allow", "/bin/echo"}},
	// A panic while waiting is the waiter's, not the actor's: the status
	// answers it as an error (actors/exec's TestWaitError).
	{point: "os.exec_wait", domain: "exec", work: execWork, touches: []string{"guest-exec-status"}, only: "!panic"},
	{point: "os.netinfo", target: "links", domain: "net", work: netWork, touches: []string{"guest-network-get-interfaces"}},
	{point: "os.netinfo", target: "addrs", domain: "net", work: netWork, touches: []string{"guest-network-get-interfaces"}},
	{point: "os.netinfo", target: "/proc/net/dev", domain: "net", work: netWork, touches: []string{"guest-network-get-interfaces"}, errorOK: &success},
	// Storage: a failed statvfs, device walk or FITRIM costs its own
	// entry (no sizes, no disks, a per-path error), never the reply; the
	// mount table and the list of disks are the only errors.
	{point: "os.statvfs", target: "/home", domain: "filesystem", work: filesystemWork, touches: []string{"guest-get-fsinfo"}, errorOK: &success},
	{point: "os.sysfs", target: "/sys/dev/block/253:2", domain: "filesystem", work: filesystemWork, touches: []string{"guest-get-fsinfo"}, errorOK: &success},
	{point: "os.sysfs", target: "/sys/block", domain: "filesystem", work: filesystemWork, touches: []string{"guest-get-disks"}},
	{point: "os.nvme_smart", domain: "filesystem", work: filesystemWork, touches: []string{"guest-get-disks"}, errorOK: &success},
	{point: "os.fitrim", target: "/home", domain: "trim", work: trimWork, touches: []string{"guest-fstrim"}, errorOK: &success},
	// credWork reads alice's keys and changes root's: a panic aimed at
	// alice crashes the actor once a round, not three times.
	{point: "os.getpwnam", domain: "credentials", work: credWork, touches: []string{"guest-ssh-get-authorized-keys", "guest-ssh-add-authorized-keys", "guest-ssh-remove-authorized-keys"}, only: "!panic"},
	{point: "os.getpwnam", target: "alice", domain: "credentials", work: credWork, touches: []string{"guest-ssh-get-authorized-keys"}, only: "panic"},
	{point: "os.read_keys", domain: "credentials", work: credWork, touches: []string{"guest-ssh-get-authorized-keys", "guest-ssh-add-authorized-keys", "guest-ssh-remove-authorized-keys"}, only: "!panic"},
	{point: "os.read_keys", target: "alice", domain: "credentials", work: credWork, touches: []string{"guest-ssh-get-authorized-keys"}, only: "panic"},
	// A failed add leaves nothing for the remove to write.
	{point: "os.write_keys", domain: "credentials", work: credWork, touches: []string{"guest-ssh-add-authorized-keys"}},
	{point: "os.chpasswd", domain: "credentials", work: credWork, touches: []string{"guest-set-user-password"}},
	{point: "os.routes", domain: "net", work: netWork, touches: []string{"guest-network-get-route"}},
	{point: "os.routes", target: "/proc/net/ipv6_route", domain: "net", work: netWork, touches: []string{"guest-network-get-route"}},
	{point: "os.cpus", domain: "hardware", work: hardwareWork, touches: []string{"guest-get-vcpus"}},
	{point: "os.set_cpu", domain: "hardware", work: hardwareWork, touches: []string{"guest-set-vcpus"}},
	{point: "os.memory_blocks", domain: "hardware", work: hardwareWork, touches: []string{"guest-get-memory-blocks"}},
	// A failed block is that block's operation-failed, not an error.
	{point: "os.set_memory_block", domain: "hardware", work: hardwareWork, touches: []string{"guest-set-memory-blocks"}, errorOK: &success},
	{point: "os.memory_block_size", domain: "hardware", work: hardwareWork, touches: []string{"guest-get-memory-block-info"}},
	{point: "os.cpustats", domain: "stats", work: statsWork, touches: []string{"guest-get-cpustats"}},
	{point: "os.diskstats", domain: "stats", work: statsWork, touches: []string{"guest-get-diskstats"}},
}

// The freeze domain's points (os.mountinfo, os.freeze, os.thaw, os.mark,
// os.unmark, os.hook) threaten the freeze gate: freeze_test.go.

// action is one fault action and how long to keep at it: panics restart
// the actor with a growing delay, so they run fewer rounds.
type action struct {
	spec         string
	warm, rounds int
}

var actions = []action{
	{spec: "error(EIO)", warm: 2, rounds: 12},
	{spec: "delay(1ms)", warm: 2, rounds: 12},
	{spec: "panic", warm: 1, rounds: 3},
}

func TestOSFaults(t *testing.T) {
	for _, c := range osCases {
		for _, act := range actions {
			if !c.runs(act.spec) {
				continue
			}
			name := c.point
			if c.target != "" {
				name += "@" + c.target
			}
			spec := name + "=" + act.spec
			t.Run(spec, func(t *testing.T) {
				t.Parallel()
				runRounds(t, spec, c.extra, c.work, act, func(s step) string { return c.judge(act.spec, s) })
			})
		}
	}
}

func (c osCase) runs(act string) bool {
	switch c.only {
	case "":
		return true
	case "!panic":
		return act != "panic"
	}
	return act == c.only
}

// key names a step for touches: the command, and the mode it was given
// (guest-set-time: "time" when it was given one).
func key(s step) string {
	if a, ok := s.args.(args); ok {
		if m, ok := a["mode"].(string); ok && strings.HasPrefix(s.cmd, "guest-shutdown") {
			return s.cmd + " " + m
		}
		if _, ok := a["time"]; ok {
			return s.cmd + " time"
		}
	}
	return s.cmd
}

// judge checks one step's reply against what the fault should make of it.
func (c osCase) judge(act string, s step) string {
	got := errText(s.reply)
	want := baseline[s.cmd]
	touched := slices.Contains(c.touches, key(s))
	switch {
	case !touched || strings.HasPrefix(act, "delay"):
	case act == "panic":
		want = fmt.Sprintf("GenericError: internal error: the %s domain failed while handling %s (injected panic at %s", c.domain, s.cmd, c.point)
		if c.target != "" {
			want += "@" + c.target
		}
		if !strings.HasPrefix(got, want) {
			return fmt.Sprintf("got %q, want it to start %q", got, want)
		}
		return ""
	case c.errorOK != nil:
		want = *c.errorOK
	default:
		if !strings.HasPrefix(got, "GenericError: ") || !contains(got, "input/output error") {
			return fmt.Sprintf("got %q, want a GenericError naming the errno", got)
		}
		return ""
	}
	if got != want {
		return fmt.Sprintf("got %q, want %q", got, want)
	}
	return ""
}

// runRounds starts the agent with --faults spec, runs work act.warm
// times, takes the agent's descriptors and goroutines, runs it
// act.rounds more times judging every reply, and checks that nothing
// grew.
func runRounds(t *testing.T, spec string, extra []string, work workload, act action, judge func(step) string) *fixture {
	f := start(t, append([]string{"--faults", spec}, extra...)...)
	check := func() {
		for _, s := range work(f) {
			if msg := judge(s); msg != "" {
				t.Errorf("%s %v: %s", s.cmd, s.args, msg)
			}
		}
	}
	for range act.warm {
		check()
	}
	base := f.usage()
	for range act.rounds {
		check()
	}
	f.settled(base, 2)
	return f
}
