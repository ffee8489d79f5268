package supervisor

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/goqga/goqga/command"
)

// Short names for the commands of the gate tests.
var gateNames = map[string]string{
	"ping": "guest-ping", "write": "guest-file-write", "info": "guest-info",
	"freeze": "guest-fsfreeze-freeze", "list": "guest-fsfreeze-freeze-list",
	"thaw": "guest-fsfreeze-thaw", "status": "guest-fsfreeze-status",
}

var testGate = Gate{Domain: "freeze",
	Freeze: []string{"guest-fsfreeze-freeze", "guest-fsfreeze-freeze-list"},
	Thaw:   []string{"guest-fsfreeze-thaw"}}

func gateRegistry(t interface{ Fatal(...any) }) *command.Registry {
	reg, err := command.NewRegistry([]command.Spec{
		{Name: "guest-ping", Domain: "core", AllowedFrozen: true},
		{Name: "guest-file-write", Domain: "files"},
		{Name: "guest-fsfreeze-status", Domain: "freeze", AllowedFrozen: true},
		{Name: "guest-fsfreeze-freeze", Domain: "freeze"},
		{Name: "guest-fsfreeze-freeze-list", Domain: "freeze",
			Args: []command.Field{command.Opt("mountpoints", command.TArray(command.TStr))}},
		{Name: "guest-fsfreeze-thaw", Domain: "freeze", AllowedFrozen: true},
	}, Specs)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

func newTestDispatcher(t interface{ Fatal(...any) }, allow []string, frozen bool) *Dispatcher {
	return NewDispatcher(&Router{Registry: gateRegistry(t), Policy: NewPolicy(allow, nil)}, "v", testGate, frozen)
}

func msg(seq uint64, name string) *command.Message {
	return &command.Message{Gen: 1, Seq: seq, Raw: []byte(fmt.Sprintf(`{"execute":%q}`, gateNames[name]))}
}

// render writes actions one per line: "route 1 guest-ping",
// "reply 2 <desc or return>", "gate closed", "arm 0".
func render(acts []Action) string {
	var out []string
	for _, a := range acts {
		switch {
		case a.Route != nil:
			out = append(out, fmt.Sprintf("route %d %s", a.Route.Seq, a.Route.Spec.Name))
		case a.Reply != nil:
			out = append(out, fmt.Sprintf("reply %d %s", a.Reply.Seq, replyText(a.Reply.Line)))
		case a.Gate != nil:
			out = append(out, map[bool]string{true: "gate closed", false: "gate open"}[*a.Gate])
		case a.Arm != nil:
			out = append(out, fmt.Sprintf("arm %d", a.Arm.Gen))
		}
	}
	return strings.Join(out, "\n")
}

// replyText is an error's desc, or for guest-info the disabled commands.
func replyText(line []byte) string {
	var r struct {
		Return *Info
		Error  *command.Error
	}
	if err := json.Unmarshal(line, &r); err != nil {
		return "bad reply " + string(line)
	}
	if r.Error != nil {
		return r.Error.Desc
	}
	var off []string
	for _, c := range r.Return.Commands {
		if !c.Enabled {
			off = append(off, c.Name)
		}
	}
	return "info disabled=" + strings.Join(off, ",")
}

// step drives a Dispatcher by a line of a scenario:
//
//	> 1 freeze        message seq 1
//	< 1               the domain answered seq 1 (no freeze report)
//	< 1 frozen        ... and the freeze domain says frozen (or thawed)
//	< internal thawed the freeze domain's own work (watchdog) reported
//	! 3               hold timer generation 3 fired
func step(t *testing.T, d *Dispatcher, line string) []Action {
	f := strings.Fields(line)
	var seq uint64
	fmt.Sscan(f[1], &seq)
	switch f[0] {
	case ">":
		return d.Message(msg(seq, f[2]))
	case "<":
		dn := &Done{Domain: "files", Gen: 1, Seq: seq, Internal: f[1] == "internal"}
		if len(f) == 3 {
			frozen := f[2] == "frozen"
			dn.Domain, dn.Frozen = "freeze", &frozen
		}
		return d.Done(dn)
	case "!":
		return d.Expired(seq)
	}
	t.Fatalf("bad step %q", line)
	return nil
}

const frozenText = " has been disabled: the agent is in frozen state"

func TestDispatcherScenarios(t *testing.T) {
	cases := []struct {
		name   string
		allow  []string
		frozen bool
		steps  [][2]string // step, the actions it must produce
	}{
		{"gate closes when the freeze is routed", nil, false, [][2]string{
			{"> 1 freeze", "gate closed\nroute 1 guest-fsfreeze-freeze"},
			{"> 2 ping", "route 2 guest-ping"},
			{"> 3 write", "arm 0"}, // depends on the freeze's outcome
			{"> 4 status", ""},     // behind the held write, in order
			{"< 1 frozen", "reply 3 Command guest-file-write" + frozenText + "\nroute 4 guest-fsfreeze-status"},
			{"> 5 info", "reply 5 info disabled=guest-file-write,guest-fsfreeze-freeze,guest-fsfreeze-freeze-list"},
			{"> 6 freeze", "reply 6 Command guest-fsfreeze-freeze" + frozenText},
		}},
		{"a request after a thaw runs after it", nil, true, [][2]string{
			{"> 1 thaw", "route 1 guest-fsfreeze-thaw"},
			{"> 2 write", "arm 0"},
			{"> 3 info", ""},
			{"< 1 thawed", "gate open\nroute 2 guest-file-write\nreply 3 info disabled="},
		}},
		{"a failed freeze reopens the gate", nil, false, [][2]string{
			{"> 1 freeze", "gate closed\nroute 1 guest-fsfreeze-freeze"},
			{"> 2 write", "arm 0"},
			{"< 1 thawed", "gate open\nroute 2 guest-file-write"},
		}},
		{"a freeze waits for running writes", nil, false, [][2]string{
			{"> 1 write", "route 1 guest-file-write"},
			{"> 2 write", "route 2 guest-file-write"},
			{"> 3 list", "arm 0"},
			{"> 4 ping", ""},
			{"< 2", ""},
			{"< 1", "gate closed\nroute 3 guest-fsfreeze-freeze-list\nroute 4 guest-ping"},
		}},
		{"a freeze that waited too long fails", nil, false, [][2]string{
			{"> 1 write", "route 1 guest-file-write"},
			{"> 2 freeze", "arm 0"},
			{"> 3 write", ""},
			{"! 0", "reply 2 cannot freeze: 1 commands not allowed while frozen were still running after 2m0s\nroute 3 guest-file-write"},
			{"! 0", ""}, // late timer
			{"< 1", ""},
		}},
		{"a held request that waited too long meets the closed gate", nil, false, [][2]string{
			{"> 1 freeze", "gate closed\nroute 1 guest-fsfreeze-freeze"},
			{"> 2 write", "arm 0"},
			{"> 3 write", ""},
			{"! 0", "reply 2 Command guest-file-write" + frozenText + "\narm 1"},
			{"< 1 thawed", "gate open\nroute 3 guest-file-write"},
		}},
		{"a crash keeps the gate closed until a thaw reports", nil, false, [][2]string{
			{"> 1 freeze", "gate closed\nroute 1 guest-fsfreeze-freeze"},
			{"< 1 frozen", ""}, // the crash answered it; the domain may be frozen
			{"> 2 status", "route 2 guest-fsfreeze-status"},
			{"< 2 frozen", ""},
			{"> 3 thaw", "route 3 guest-fsfreeze-thaw"},
			{"< 3 frozen", ""}, // the thaw crashed too
			{"> 4 write", "reply 4 Command guest-file-write" + frozenText},
			{"> 5 thaw", "route 5 guest-fsfreeze-thaw"},
			{"< 5 thawed", "gate open"},
		}},
		{"a status report does not open a gate a pending freeze closed", nil, false, [][2]string{
			{"> 1 status", "route 1 guest-fsfreeze-status"},
			{"> 2 freeze", "gate closed\nroute 2 guest-fsfreeze-freeze"},
			{"< 1 thawed", ""},
			{"< 2 frozen", ""},
		}},
		{"the watchdog's thaw opens the gate", nil, false, [][2]string{
			{"> 1 freeze", "gate closed\nroute 1 guest-fsfreeze-freeze"},
			{"< 1 frozen", ""},
			{"< internal thawed", "gate open"},
			{"> 2 write", "route 2 guest-file-write"},
		}},
		{"the gate overrides the allow list", []string{"guest-file-write", "guest-fsfreeze-thaw"}, true, [][2]string{
			{"> 1 write", "reply 1 Command guest-file-write" + frozenText},
			{"> 2 ping", "reply 2 Command guest-ping has been disabled"}, // -a still applies
			{"> 3 thaw", "route 3 guest-fsfreeze-thaw"},
			{"< 3 thawed", "gate open"},
			{"> 4 write", "route 4 guest-file-write"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newTestDispatcher(t, c.allow, c.frozen)
			for i, s := range c.steps {
				if got := render(step(t, d, s[0])); got != s[1] {
					t.Fatalf("step %d %q:\n got %q\nwant %q\nstate %s", i, s[0], got, s[1], d)
				}
			}
		})
	}
}

func TestDispatcherBounds(t *testing.T) {
	d := newTestDispatcher(t, nil, false)
	d.MaxHeld = 2
	want := []string{
		"gate closed\nroute 1 guest-fsfreeze-freeze", "arm 0", "",
		"reply 4 2 requests are waiting for a freeze or thaw to finish; try again later",
	}
	for i, name := range []string{"freeze", "write", "info", "write"} {
		if got := render(d.Message(msg(uint64(i+1), name))); got != want[i] {
			t.Errorf("message %d: %q, want %q", i+1, got, want[i])
		}
	}
	bad := d.Message(&command.Message{Gen: 1, Seq: 5, Raw: []byte(`{"execute":"guest-nope"}`)})
	if got := render(bad); got != "reply 5 The command guest-nope has not been found" {
		t.Errorf("unknown command while others wait: %q", got)
	}
}

// A freeze of session 1 that never reports (stuck in the kernel) does not
// hold session 2's freeze status: it is answered "frozen" at once, while
// session 1's own status still waits its turn behind the freeze, and
// once the freeze reports, status goes to the freeze domain again.
func TestStatusOfALaterSessionDuringAStuckFreeze(t *testing.T) {
	g := testGate
	g.Status = "guest-fsfreeze-status"
	d := NewDispatcher(&Router{Registry: gateRegistry(t), Policy: NewPolicy(nil, nil)}, "v", g, false)
	at := func(gen, seq uint64, name string) string {
		return render(d.Message(&command.Message{Gen: gen, Seq: seq, Raw: []byte(fmt.Sprintf(`{"execute":%q}`, gateNames[name]))}))
	}
	if got := at(1, 1, "freeze"); got != "gate closed\nroute 1 guest-fsfreeze-freeze" {
		t.Fatalf("freeze: %q", got)
	}
	if got := at(1, 2, "status"); got != "route 2 guest-fsfreeze-status" {
		t.Fatalf("the same session's status: %q", got)
	}
	acts := d.Message(&command.Message{Gen: 2, Seq: 1, Raw: []byte(`{"execute":"guest-fsfreeze-status"}`)})
	if len(acts) != 1 || acts[0].Reply == nil || string(acts[0].Reply.Line) != `{"return":"frozen"}`+"\n" {
		t.Fatalf("a later session's status: %s", render(acts))
	}
	frozen := true
	d.Done(&Done{Domain: "freeze", Gen: 1, Seq: 1, Frozen: &frozen})
	if got := at(2, 2, "status"); got != "route 2 guest-fsfreeze-status" {
		t.Fatalf("status after the freeze reported: %q", got)
	}
	blocked := NewDispatcher(&Router{Registry: gateRegistry(t), Policy: NewPolicy(nil, []string{"guest-fsfreeze-status"})}, "v", g, false)
	blocked.Message(&command.Message{Gen: 1, Seq: 1, Raw: []byte(`{"execute":"guest-fsfreeze-freeze"}`)})
	acts = blocked.Message(&command.Message{Gen: 2, Seq: 1, Raw: []byte(`{"execute":"guest-fsfreeze-status"}`)})
	if len(acts) != 1 || acts[0].Reply == nil || !strings.Contains(string(acts[0].Reply.Line), "has been disabled") {
		t.Fatalf("a blocked status: %s", render(acts))
	}
}
