package faults

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// actorCase is one domain actor and the command its panics target: an
// untargeted panic would crash every request of the domain, and the
// restart backoff would make the suite crawl, not fail.
type actorCase struct {
	domain, panicAt string
	work            workload
	hangAt          string // the command TestActorHang hangs; "" is panicAt
}

var actorCases = []actorCase{
	// core's panics spare guest-sync: the suite's own resyncs need it.
	{"core", "guest-ping", coreWork, ""},
	{"files", "guest-file-read", filesWork, ""},
	{"power", "guest-suspend-ram", powerWork, ""},
	{"net", "guest-network-get-interfaces", netWork, ""},
	{"filesystem", "guest-get-fsinfo", filesystemWork, ""},
	{"trim", "guest-fstrim", trimWork, ""},
	{"credentials", "guest-ssh-get-authorized-keys", credWork, ""},
	{"hardware", "guest-set-vcpus", hardwareWork, "guest-get-vcpus"},
	{"stats", "guest-get-cpustats", statsWork, ""},
	{"sysinfo", "guest-get-users", sysinfoWork, ""},
	{"exec", "guest-exec", execWork, ""},
	// A hung freeze holds every command that depends on the gate (up to
	// the supervisor's HoldLimit, 2 min, by design): hang the status.
	{"freeze", "guest-fsfreeze-freeze", freezeWork, "guest-fsfreeze-status"},
}

func TestActorFaults(t *testing.T) {
	for _, c := range actorCases {
		for _, act := range actions {
			point := "actor." + c.domain
			if act.spec == "panic" || c.domain == "core" {
				point += "@" + c.panicAt
			}
			spec := point + "=" + act.spec
			t.Run(spec, func(t *testing.T) {
				t.Parallel()
				runRounds(t, spec, nil, c.work, act, func(s step) string { return c.judge(act.spec, s) })
			})
		}
	}
}

// judge: a panic answers the request it hit with a GenericError; an
// error fails every request it hits, naming the errno; a delay changes
// nothing but time.
func (c actorCase) judge(act string, s step) string {
	got := errText(s.reply)
	hit := s.cmd == c.panicAt || (c.domain != "core" && act != "panic")
	switch {
	case !hit || strings.HasPrefix(act, "delay"):
		if want := baseline[s.cmd]; got != want {
			return fmt.Sprintf("got %q, want %q", got, want)
		}
	case act == "panic":
		want := fmt.Sprintf("GenericError: internal error: the %s domain failed while handling %s (injected panic at actor.%s@%s); it has been restarted",
			c.domain, s.cmd, c.domain, s.cmd)
		if got != want {
			return fmt.Sprintf("got %q, want %q", got, want)
		}
	default:
		if !strings.HasPrefix(got, "GenericError: ") || !contains(got, "input/output error") {
			return fmt.Sprintf("got %q, want a GenericError naming the errno", got)
		}
	}
	return ""
}

// A hung domain (a wedged filesystem, a stuck device) holds its own
// requests and, since replies leave in order, the rest of that session.
// The host gives up and reconnects: the new session is served by every
// other domain, the agent keeps running, and SIGTERM still stops it. All
// domains hang at once, each in its own agent, so the suite waits out
// one drain of the dead session at most, not five.
// hangArgs are the arguments of the request that hangs.
var hangArgs = map[string]any{"files": args{"handle": 1000}, "credentials": args{"username": "alice"}, "exec": args{"path": "/bin/true"}}

func TestActorHang(t *testing.T) {
	probes := map[string]string{
		"core":        `{"execute":"guest-info","id":"p"}`,
		"files":       `{"execute":"guest-ping","id":"p"}{"execute":"guest-network-get-interfaces","id":"p"}`,
		"power":       `{"execute":"guest-ping","id":"p"}{"execute":"guest-fsfreeze-status","id":"p"}`,
		"net":         `{"execute":"guest-ping","id":"p"}{"execute":"guest-file-open","arguments":{"path":"/nonexistent"},"id":"p"}`,
		"freeze":      `{"execute":"guest-ping","id":"p"}{"execute":"guest-network-get-interfaces","id":"p"}`,
		"credentials": `{"execute":"guest-ping","id":"p"}{"execute":"guest-network-get-interfaces","id":"p"}`,
		"hardware":    `{"execute":"guest-ping","id":"p"}{"execute":"guest-get-cpustats","id":"p"}`,
		"stats":       `{"execute":"guest-ping","id":"p"}{"execute":"guest-get-vcpus","id":"p"}`,
		"exec":        `{"execute":"guest-ping","id":"p"}{"execute":"guest-network-get-interfaces","id":"p"}`,
	}
	fs := make([]*fixture, len(actorCases))
	bases := make([]usage, len(actorCases))
	for i, c := range actorCases {
		hangAt := cmp.Or(c.hangAt, c.panicAt)
		f := start(t, "--faults", "actor."+c.domain+"@"+hangAt+"=hang")
		fs[i], bases[i] = f, f.usage()
		msg := map[string]any{"execute": hangAt, "id": "hung"}
		if a, ok := hangArgs[c.domain]; ok {
			msg["arguments"] = a
		}
		req, _ := json.Marshal(msg)
		if err := f.c.WriteRaw(req); err != nil {
			t.Fatal(err)
		}
		f.c.SetTimeout(300 * time.Millisecond)
		if r, err := f.c.ReadReply(); err == nil {
			t.Fatalf("%s: the hung request answered: %s", c.domain, r.Raw)
		}
		f.c.Close()
	}
	began := time.Now()
	for i, c := range actorCases {
		f := fs[i]
		f.c = f.dialNoSync() // a hung core would hold a sync too
		if err := f.c.WriteRaw([]byte(probes[c.domain])); err != nil {
			t.Fatal(err)
		}
		for n := range strings.Count(probes[c.domain], `"id":"p"`) {
			if r, err := f.c.ReadReply(); err != nil || string(r.ID) != `"p"` {
				t.Fatalf("%s: probe %d after reconnecting: %v", c.domain, n, err)
			}
		}
		// One goroutine is expected to stay: the hung one.
		f.settled(bases[i], 3)
	}
	t.Logf("the next sessions were served %v after the hung ones ended", time.Since(began).Round(time.Millisecond))
}
