// Package adversarial throws hostile input at the agent: random bytes,
// truncated, oversized and deeply nested messages, token floods, junk,
// interleaved with the resyncs real hosts do (0xFF + guest-sync-delimited
// as Proxmox does it, plain guest-sync as libvirt does) and with hosts
// that hang up in the middle of a message. Every sync must be answered
// with its id, every line the agent writes must be a protocol reply, its
// memory must stay bounded, and at the end it must hold no more
// descriptors or goroutines than at the start.
package adversarial

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/goqga/goqga/client"
	"github.com/goqga/goqga/test/agenttest"
)

var duration = flag.Duration("adversarial.duration", 10*time.Second,
	"how long to attack the agent (go test ./test/adversarial -adversarial.duration 10m for a long run)")

var seed = flag.Int64("adversarial.seed", 0, "random seed (0: from the clock); a failure logs the seed to replay it")

const maxMsg = 1 << 20 // the agent runs with --max-message-bytes 1 MiB

// reconnectEvery hangs up (mid-message, often) every so many attacks.
const reconnectEvery = 50

func TestAdversarialInput(t *testing.T) {
	dir := t.TempDir()
	bin, err := agenttest.Build(dir, agenttest.Race)
	if err != nil {
		t.Fatal(err)
	}
	a, err := agenttest.Start(bin, dir, "--max-message-bytes", strconv.Itoa(maxMsg))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := a.Stop(time.Minute); err != nil {
			t.Errorf("the agent did not exit cleanly: %v\n%s", err, a.Log())
		}
	}()
	s := *seed
	if s == 0 {
		s = time.Now().UnixNano()
	}
	rng := rand.New(rand.NewSource(s))
	t.Logf("attacking for %v with -adversarial.seed %d", *duration, s)
	c := dial(t, a)
	start := usage(t, a)
	var peak, first float64
	attacks := 0
	for end := time.Now().Add(*duration); time.Now().Before(end); attacks++ {
		if attacks > 0 && attacks%reconnectEvery == 0 {
			c.Close() // whatever partial message was last written dies with the session
			c = dial(t, a)
		}
		if rng.Intn(10) == 0 {
			if err := badStrings(c, rng); err != nil {
				t.Fatalf("attack %d (seed %d): %v", attacks, s, err)
			}
		} else if err := c.WriteRaw(hostile(rng)); err != nil {
			t.Fatalf("write (seed %d): %v", s, err)
		}
		if err := resync(c, rng); err != nil {
			t.Fatalf("sync after attack %d not answered (seed %d): %v", attacks, s, err)
		}
		p, _ := a.Proc()
		rss := float64(p.RSSBytes) / 1e6
		if first == 0 {
			first = rss
		}
		peak = max(peak, rss)
	}
	t.Logf("%d hostile messages, each followed by an answered sync; RSS first %.1f MB, peak %.1f MB", attacks, first, peak)
	// Oversized messages are dropped as they stream in: memory stays
	// within a few times the message limit, however long the attack.
	if peak > first+8*maxMsg/1e6+64 {
		t.Errorf("RSS grew from %.1f MB to %.1f MB", first, peak)
	}
	if end := settle(t, a, start); end.fds > start.fds || end.goroutines > start.goroutines+2 {
		t.Errorf("resources grew over the attack: %+v at the start, %+v at the end", start, end)
	}
	c.Close()
}

// resync is a careful host's, or libvirt's: 0xFF and guest-sync-delimited,
// or a plain guest-sync (which must work too once the stream is clean,
// so it follows a delimited one).
func resync(c *client.Client, rng *rand.Rand) error {
	if err := c.Sync(); err != nil {
		return err
	}
	if rng.Intn(4) == 0 {
		return c.SyncPlain()
	}
	return nil
}

type figures struct{ fds, goroutines int }

func usage(t *testing.T, a *agenttest.Agent) figures {
	t.Helper()
	p, err := a.Proc()
	if err != nil {
		t.Fatal(err)
	}
	st, err := a.Stats(30 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return figures{p.FDs, st.Goroutines}
}

// settle waits a little for goroutines of the last requests to end.
func settle(t *testing.T, a *agenttest.Agent, start figures) figures {
	var now figures
	for i := 0; i < 50; i++ {
		if now = usage(t, a); now.fds <= start.fds && now.goroutines <= start.goroutines+2 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	return now
}

func dial(t *testing.T, a *agenttest.Agent) *client.Client {
	t.Helper()
	c, err := a.Dial(30 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	// The previous session may still be draining: the first sync also
	// proves this one has been accepted.
	if err := c.Sync(); err != nil {
		t.Fatal(err)
	}
	return c
}

// badStrings sends a request whose strings are not valid UTF-8 text (bad
// sequences, encoded or escaped lone surrogates) or whose object names a
// member twice, then a guest-sync, and checks every line up to the sync's
// reply: one JSON text, valid UTF-8 (json.Valid alone accepts invalid
// UTF-8), and the bad request answered with one error and no id.
func badStrings(c *client.Client, rng *rand.Rand) error {
	bad := []string{"\xc3\x28", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\x80", "\xe2\x82", `\ud800`, `\udfff\ud800`, `\uD800\u0041`}
	s := bad[rng.Intn(len(bad))]
	var msg string
	switch rng.Intn(4) {
	case 0:
		msg = `{"execute":"guest-ping","id":"a` + s + `"}`
	case 1:
		msg = `{"execute":"guest-file-open","arguments":{"path":"/tmp/` + s + `"},"id":"x"}`
	case 2:
		msg = `{"execute":"guest-ping` + s + `","id":1}`
	default:
		msg = `{"execute":"guest-ping","id":1,"id":{"a":"` + s + `"}}`
	}
	id := rng.Int63()
	if err := c.WriteRaw([]byte(msg + `{"execute":"guest-sync","arguments":{"id":` + strconv.FormatInt(id, 10) + `}}`)); err != nil {
		return err
	}
	errors := 0
	for {
		line, err := c.ReadLine()
		if err != nil {
			return fmt.Errorf("after %q: %v", msg, err)
		}
		if !utf8.Valid(line) || !json.Valid(line) {
			return fmt.Errorf("reply to %q is not JSON text: %q", msg, line)
		}
		if bytes.Equal(line, []byte(`{"return":`+strconv.FormatInt(id, 10)+`}`)) {
			break
		}
		if !bytes.HasPrefix(line, []byte(`{"error":{"class":"GenericError","desc":"JSON parse error, `)) || bytes.Contains(line, []byte(`"id"`)) {
			return fmt.Errorf("reply to %q: %q, want a parse error without id", msg, line)
		}
		errors++
	}
	if errors != 1 {
		return fmt.Errorf("%q answered with %d errors, want 1", msg, errors)
	}
	return nil
}

// hostile returns one piece of hostile input.
func hostile(rng *rand.Rand) []byte {
	switch rng.Intn(10) {
	case 0: // random bytes, 0xFF included
		b := make([]byte, rng.Intn(4096))
		rng.Read(b)
		return b
	case 1: // a valid request cut short
		req := `{"execute":"guest-sync","arguments":{"id":12345},"id":"x"}`
		return []byte(req[:rng.Intn(len(req))])
	case 2: // over the size limit, inside a string
		return []byte(`{"execute":"guest-ping","arguments":{"a":"` + strings.Repeat("A", maxMsg+rng.Intn(4096)) + `"}}`)
	case 3: // too deep
		n := 1025 + rng.Intn(2000)
		return []byte(strings.Repeat("[", n) + strings.Repeat("]", n))
	case 4: // deep but never closed
		return bytes.Repeat([]byte("{\"a\":"), rng.Intn(5000))
	case 5: // junk tokens and stray closers
		return []byte(fmt.Sprintf(`}}]] nul tru @#$ {"execute": foo} %d`, rng.Int()))
	case 6: // a flood of tiny tokens under the size limit
		return append([]byte("["), append(bytes.Repeat([]byte("0,"), 200_000+rng.Intn(200_000)), "0]"...)...)
	case 7: // strings full of escapes, NULs and 0xFE
		return []byte(`{"execute":"guest-ping","id":"` + strings.Repeat(`\u0000\"\\`, rng.Intn(1000)) + "\x00\xfe" + `"}`)
	case 8: // valid requests with every kind of bad argument
		return []byte(`{"execute":"guest-file-read","arguments":{"handle":"x"}}{"execute":"guest-sync","arguments":{"id":1.5}}` +
			`{"execute":"guest-shutdown","arguments":{"mode":"bogus"}}{"execute":"guest-file-open","arguments":{"path":"/nonexistent","bogus":1}}`)
	default: // valid requests, pipelined
		return bytes.Repeat([]byte(`{"execute":"guest-ping"}{"execute":"guest-info","id":[1,{"k":null}]}`), 1+rng.Intn(20))
	}
}
