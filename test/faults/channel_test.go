package faults

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

// mixedWork touches four domains in one round.
func mixedWork(f *fixture) []step {
	var steps []step
	for _, w := range []workload{coreWork, netWork, filesWork, freezeWork} {
		steps = append(steps, w(f)...)
	}
	return steps
}

func judgeBaseline(s step) string {
	if got, want := errText(s.reply), baseline[s.cmd]; got != want {
		return fmt.Sprintf("got %q, want %q", got, want)
	}
	return ""
}

// Slow reads and writes change nothing but time: one reply each, in order.
func TestChannelDelays(t *testing.T) {
	for _, spec := range []string{"channel.read=delay(2ms)", "channel.write=delay(2ms)"} {
		t.Run(spec, func(t *testing.T) {
			t.Parallel()
			runRounds(t, spec, nil, mixedWork, action{warm: 1, rounds: 5}, judgeBaseline)
		})
	}
}

// rawPing sends a ping with id and reads one line, whatever it holds
// (with its newline, which the reader required to end the line).
func rawPing(t *testing.T, c *client.Client, id string) (line string, err error) {
	t.Helper()
	if err := c.WriteRaw([]byte(`{"execute":"guest-ping","id":"` + id + `"}`)); err != nil {
		return "", err
	}
	r, err := c.ReadReply()
	var le *client.LineError
	switch {
	case errors.As(err, &le): // one line, but not a reply
		return strings.TrimSuffix(string(le.Line), "\n") + "\n", nil
	case err != nil:
		return "", err
	}
	return string(r.Raw) + "\n", nil
}

// A corrupted reply is still one line: the host's framing survives, the
// next replies are intact, and nothing is left behind.
func TestChannelCorrupt(t *testing.T) {
	f := startBare(t, "--faults", "channel.write=corrupt*5")
	base := f.usage()
	f.c = f.dialNoSync()
	for i := range 8 {
		id := fmt.Sprintf("c%d", i)
		want := `{"return":{},"id":"` + id + `"}` + "\n"
		got, err := rawPing(t, f.c, id)
		switch {
		case err != nil:
			t.Fatalf("ping %d: %v", i, err)
		case i < 5 && (got == want || len(got) != len(want) || got[len(got)-1] != '\n'):
			t.Errorf("ping %d: %q, want %q with one byte flipped", i, got, want)
		case i >= 5 && got != want:
			t.Errorf("ping %d: %q, want %q", i, got, want)
		}
	}
	checkBaseline(f, mixedWork(f))
	f.hangUp(base, 2)
}

func checkBaseline(f *fixture, steps []step) {
	f.t.Helper()
	for _, s := range steps {
		if msg := judgeBaseline(s); msg != "" {
			f.t.Errorf("%s: %s", s.cmd, msg)
		}
	}
}

// Dropped replies are silence, not a wedged channel: the host's resync
// works, and then every request is answered once.
func TestChannelDrop(t *testing.T) {
	f := startBare(t, "--faults", "channel.write=drop*3")
	base := f.usage()
	f.c = f.dialNoSync()
	f.c.SetTimeout(300 * time.Millisecond)
	for i := range 3 {
		if line, err := rawPing(t, f.c, fmt.Sprintf("d%d", i)); !client.IsTimeout(err) {
			t.Errorf("dropped ping %d: %q, %v; want silence", i, line, err)
		}
	}
	f.c.SetTimeout(callTimeout)
	if err := f.c.Sync(); err != nil {
		t.Fatalf("resync after drops: %v", err)
	}
	checkBaseline(f, mixedWork(f))
	f.hangUp(base, 2)
}

// A broken link (a read or write error) ends the session; the host
// reconnects and is served, and the dead sessions leave nothing behind.
// (The harness's start-up probe is a session too: it meets the first
// read fault.)
func TestChannelErrors(t *testing.T) {
	for _, spec := range []string{"channel.read=error(ECONNRESET)*2", "channel.write=error(EPIPE)*1"} {
		t.Run(spec, func(t *testing.T) {
			t.Parallel()
			faultySessionThenServed(t, startBare(t, "--faults", spec), 2)
		})
	}
}

// A write that never returns (a host that stops reading) wedges only its
// session: the next one is served, at the cost of one stuck goroutine.
func TestChannelWriteHang(t *testing.T) {
	faultySessionThenServed(t, startBare(t, "--faults", "channel.write=hang*1"), 3)
}

// faultySessionThenServed: a first session, which meets the fault, gets
// no answer to a ping; the next is served in full; at hang-up the agent
// is back to its baseline (within slack, as hangUp takes it).
func faultySessionThenServed(t *testing.T, f *fixture, slack int) {
	base := f.usage()
	f.c = f.dialNoSync()
	f.c.SetTimeout(300 * time.Millisecond)
	if line, err := rawPing(t, f.c, "e"); err == nil {
		t.Errorf("the faulty session answered %q", line)
	}
	f.c.Close()
	f.c = f.dial()
	checkBaseline(f, mixedWork(f))
	f.hangUp(base, slack)
}
