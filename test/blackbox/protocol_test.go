package blackbox

import (
	"time"

	"encoding/json"
	"fmt"
	"github.com/goqga/goqga/client"
	"strings"
	"testing"
)

const ping = `{"execute":"guest-ping"}`

func TestCoreCommands(t *testing.T) {
	c := start(t).dial()
	write(t, c, ping, `{"execute":"guest-sync","arguments":{"id":123456789012}}`,
		`{"execute":"guest-sync-delimited","arguments":{"id":-5}}`)
	expect(t, c, `{"return":{}}`, `{"return":123456789012}`, "\xff{\"return\":-5}")
}

func TestGuestInfo(t *testing.T) {
	c := start(t).dial()
	r, err := c.Call("guest-info", nil)
	if err != nil || r.Error != nil {
		t.Fatal(err, r.Error)
	}
	if !strings.HasPrefix(string(r.Raw), `{"return":{"version":"`) {
		t.Errorf("reply does not start with return: %s", r.Raw)
	}
	var info struct {
		Version  string `json:"version"`
		Commands []struct {
			Name    string `json:"name"`
			Enabled bool   `json:"enabled"`
			Success bool   `json:"success-response"`
		} `json:"supported_commands"`
	}
	if err := json.Unmarshal(r.Return, &info); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, cmd := range info.Commands {
		seen[cmd.Name] = cmd.Enabled && cmd.Success
	}
	for _, n := range []string{"guest-sync", "guest-sync-delimited", "guest-ping", "guest-info"} {
		if !seen[n] {
			t.Errorf("%s missing or disabled in %s", n, r.Return)
		}
	}
}

func TestFramingSplitAndMerged(t *testing.T) {
	c := start(t).dial()
	// One request byte by byte, then three in one write with no newlines
	// (QEMU's python client), then Proxmox's 0xFF + sync + command.
	for i := 0; i < len(ping); i++ {
		write(t, c, ping[i:i+1])
	}
	expect(t, c, `{"return":{}}`)
	write(t, c, ping+ping+` {"execute":"guest-sync","arguments":{"id":7}}`)
	expect(t, c, `{"return":{}}`, `{"return":{}}`, `{"return":7}`)
	write(t, c, "\xff{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":9}}\n"+ping+"\n")
	expect(t, c, "\xff{\"return\":9}", `{"return":{}}`)
}

func TestFFDiscardsSilently(t *testing.T) {
	c := start(t).dial()
	// A partial message, then 0xFF, then a full one: no error, one reply.
	write(t, c, `{"execute":"guest-sy`, "\xff", "\xfe", ping)
	expect(t, c, `{"return":{}}`)
	// 0xFF inside a string and between messages.
	write(t, c, `{"execute":"guest-p`+"\xff"+ping+"\xff\xff"+ping)
	expect(t, c, `{"return":{}}`, `{"return":{}}`)
}

func TestIDEcho(t *testing.T) {
	c := start(t).dial()
	ids := []string{`"__qmp#1"`, `42`, `{"a":[1,"x"]}`, `null`, `-1.5e3`}
	for _, id := range ids {
		write(t, c, fmt.Sprintf(`{"execute":"guest-ping","id":%s}`, id))
	}
	write(t, c, `{"execute":"guest-nope","id":"e1"}`, `{"execute":"guest-sync","id": { "k" :  1 }}`)
	for _, id := range ids {
		expect(t, c, fmt.Sprintf(`{"return":{},"id":%s}`, id))
	}
	expect(t, c,
		`{"error":{"class":"CommandNotFound","desc":"The command guest-nope has not been found"},"id":"e1"}`,
		`{"error":{"class":"GenericError","desc":"Parameter 'id' is missing"},"id":{"k":1}}`)
}

func TestErrors(t *testing.T) {
	c := start(t).dial()
	cases := []struct{ in, desc string }{
		{`{"execute":"guest-sync"}`, "Parameter 'id' is missing"},
		{`{"execute":"guest-sync","arguments":{"id":"x"}}`, "Invalid parameter type for 'id', expected: integer"},
		{`{"execute":"guest-sync","arguments":{"id":1.5}}`, "Invalid parameter type for 'id', expected: integer"},
		{`{"execute":"guest-sync","arguments":{"id":1,"x":2}}`, "Parameter 'x' is unexpected"},
		{`{"execute":"guest-ping","arguments":{"x":2}}`, "Parameter 'x' is unexpected"},
		{`{"execute":"guest-ping","arguments":[]}`, "QMP input member 'arguments' must be an object"},
		{`{"execute":1}`, "QMP input member 'execute' must be a string"},
		{`{"arguments":{}}`, "QMP input lacks member 'execute'"},
		{`{"execute":"guest-ping","exec-oob":"x"}`, "QMP input member 'exec-oob' is unexpected"},
		{`[1,2]`, "QMP input must be a JSON object"},
	}
	for _, tc := range cases {
		write(t, c, tc.in)
		expect(t, c, fmt.Sprintf(`{"error":{"class":"GenericError","desc":%q}}`, tc.desc))
	}
}

// A bad message gets exactly one error, then the stream resynchronises:
// the sync right behind it is the very next reply.
func TestOneErrorPerBadMessage(t *testing.T) {
	c := start(t, "--max-message-bytes", "4096").dial()
	deep := strings.Repeat("[", 1025) + strings.Repeat("]", 1025)
	huge := `{"execute":"guest-ping","arguments":{"x":"` + strings.Repeat("a", 8192) + `"}}`
	bad := []string{
		`{"execute":"guest-ping","arguments":{"a":` + deep + `}}`,
		huge,
		`{"execute": foo}`,
		`}`,
		`{"execute":"guest-ping",}`,
	}
	for i, b := range bad {
		write(t, c, b, fmt.Sprintf(`{"execute":"guest-sync","arguments":{"id":%d}}`, i))
		r := reply(t, c)
		if !strings.HasPrefix(r, `{"error":{"class":"GenericError"`) {
			t.Errorf("bad message %d: first reply %s", i, r)
		}
		expect(t, c, fmt.Sprintf(`{"return":%d}`, i))
	}
	// Depth 1024 is within the limit.
	ok := strings.Repeat("[", 1022) + strings.Repeat("]", 1022) // depth 1024 in all
	write(t, c, `{"execute":"guest-ping","arguments":{"a":`+ok+`}}`)
	expect(t, c, `{"error":{"class":"GenericError","desc":"Parameter 'a' is unexpected"}}`)
}

func TestOrderUnderPipelining(t *testing.T) {
	c := start(t).dial()
	var in strings.Builder
	var want []string
	for i := 0; i < 300; i++ {
		switch i % 3 {
		case 0:
			in.WriteString(ping)
			want = append(want, `{"return":{}}`)
		case 1:
			fmt.Fprintf(&in, `{"execute":"guest-sync","arguments":{"id":%d}}`, i)
			want = append(want, fmt.Sprintf(`{"return":%d}`, i))
		default:
			fmt.Fprintf(&in, `{"execute":"guest-x%d"}`, i)
			want = append(want, fmt.Sprintf(`{"error":{"class":"CommandNotFound","desc":"The command guest-x%d has not been found"}}`, i))
		}
	}
	write(t, c, in.String())
	expect(t, c, want...)
}

// A client that leaves half a message behind must not corrupt the next
// client's first request (qemu-ga's parser survives reconnects).
func TestReconnectResetsParser(t *testing.T) {
	a := start(t)
	c1 := a.dial()
	write(t, c1, `{"execute":"guest-sync","arguments":{"id":`)
	c1.Close()
	c2 := a.dial()
	write(t, c2, ping)
	expect(t, c2, `{"return":{}}`)
}

// A client that writes its request and shuts down its write side still
// gets the answer (socat, nc -N).
func TestHalfCloseStillAnswered(t *testing.T) {
	a := start(t)
	conn := a.conn()
	c := client.New(conn)
	defer c.Close()
	c.SetTimeout(5 * time.Second)
	write(t, c, ping+`{"execute":"guest-sync","arguments":{"id":3}}`)
	if err := conn.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	expect(t, c, `{"return":{}}`, `{"return":3}`)
}

// A client that leaves (closes both ways) while a reply is still owed
// does not keep the next client waiting for the drain: libvirt's 5 s
// sync timeout must not expire behind a departed client's slow request.
func TestDepartedClientDoesNotDelayTheNext(t *testing.T) {
	a := start(t, "--faults", "actor.net=delay(8s)*1")
	c1 := a.dial()
	write(t, c1, `{"execute":"guest-network-get-interfaces"}`)
	time.Sleep(100 * time.Millisecond) // the request is under way
	c1.Close()
	nextServedAtOnce(t, a, "the departed one")
}

// nextServedAtOnce connects a client and requires its sync answered
// within 3 s: sooner than libvirt's 5 s sync timeout, and than the drain.
func nextServedAtOnce(t *testing.T, a *agent, behind string) {
	t.Helper()
	c := a.dial()
	t0 := time.Now()
	write(t, c, `{"execute":"guest-sync","arguments":{"id":42}}`)
	expect(t, c, `{"return":42}`)
	if d := time.Since(t0); d > 3*time.Second {
		t.Fatalf("the next client waited %v behind %s", d, behind)
	}
}

// A client that half-closes (done writing, still able to read) while a
// reply is owed, and never reads it, does not keep the next client
// waiting for the 10 s drain: a client waiting in the backlog ends it.
func TestHalfClosedClientDoesNotDelayTheNext(t *testing.T) {
	a := start(t, "--faults", "actor.net=delay(8s)*1")
	conn := a.conn()
	defer conn.Close()
	if _, err := conn.Write([]byte(`{"execute":"guest-network-get-interfaces"}`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the request is under way
	if err := conn.CloseWrite(); err != nil {
		t.Fatal(err)
	}
	nextServedAtOnce(t, a, "the half-closed one")
}
