package blackbox

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

// The memory a host can make the agent hold is bounded in bytes
// (docs/ROBUSTNESS.md, "Memory budgets"). These tests pipeline large work
// and look at the agent's peak RSS once it has stopped moving.

// memSlack is what a bounded agent may grow by in these tests: the two
// 16 MiB budgets, one reply or request past them, the socket buffers and
// the collector's headroom. The race detector's shadow memory doubles it.
func memSlack() int64 {
	if raceEnabled {
		return 200 << 20
	}
	return 100 << 20
}

// A host that pipelines 4 MiB reads and reads no reply: the agent stops
// reading its input, as qemu-ga does, instead of holding every reply
// (50 reads held 280 MB before the reply budget; 100 held 539 MB).
// Every reply is still delivered, in order, once the host reads.
func TestHostNotReadingBoundsReplies(t *testing.T) {
	a := start(t)
	c := a.dial()
	h := openData(t, a, c, 4<<20)
	base := peakRSS(t, a)
	const n = 50
	var reqs strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&reqs, `{"execute":"guest-file-seek","arguments":{"handle":%d,"offset":0,"whence":"set"}}`, h)
		fmt.Fprintf(&reqs, `{"execute":"guest-file-read","arguments":{"handle":%d,"count":%d}}`, h, 4<<20)
	}
	write(t, c, reqs.String())
	checkGrowth(t, a, base, fmt.Sprintf("while %d pipelined 4 MiB reads went unread", n))
	c.SetTimeout(30 * time.Second)
	for i := 0; i < n; i++ {
		if got := reply(t, c); !strings.HasPrefix(got, `{"return":{"position":0`) {
			t.Fatalf("seek %d: %.80s", i, got)
		}
		if got := reply(t, c); !strings.HasPrefix(got, `{"return":{"count":4194304,`) {
			t.Fatalf("read %d: %.80s", i, got)
		}
	}
}

// Requests in flight are bounded in bytes too: with the files domain held
// up (the first write delayed), pipelined 8 MiB writes stop being read
// once 16 MiB of them wait (16 held 180 MB before the request budget).
func TestSlowDomainBoundsRequestsInFlight(t *testing.T) {
	a := start(t, "--faults", "os.write=delay(3s)*1")
	c := a.dial()
	h := openData(t, a, c, 0)
	base := peakRSS(t, a)
	const n = 16
	req := []byte(fmt.Sprintf(`{"execute":"guest-file-write","arguments":{"handle":%d,"buf-b64":"%s"}}`,
		h, base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("w"), 8<<20))))
	sent := make(chan error, 1)
	go func() {
		for i := 0; i < n; i++ {
			if err := c.WriteRaw(req); err != nil {
				sent <- err
				return
			}
		}
		sent <- nil
	}()
	checkGrowth(t, a, base, fmt.Sprintf("with %d pipelined 8 MiB writes behind a slow one", n))
	c.SetTimeout(30 * time.Second)
	for i := 0; i < n; i++ {
		if got := reply(t, c); !strings.HasPrefix(got, `{"return":{"count":8388608,`) {
			t.Fatalf("write %d: %.80s", i, got)
		}
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
}

// A host that leaves with replies unread does not keep the next one
// waiting: its reader was stopped by the reply budget, and notices.
func TestDepartedClientWithUnreadRepliesDoesNotDelayTheNext(t *testing.T) {
	a := start(t)
	c1 := a.dial()
	h := openData(t, a, c1, 4<<20)
	var reqs strings.Builder
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&reqs, `{"execute":"guest-file-seek","arguments":{"handle":%d,"offset":0,"whence":"set"}}`, h)
		fmt.Fprintf(&reqs, `{"execute":"guest-file-read","arguments":{"handle":%d,"count":%d}}`, h, 4<<20)
	}
	write(t, c1, reqs.String())
	settledPeak(t, a) // the reader is now stopped by the unread replies
	c1.Close()
	nextServedAtOnce(t, a, "the departed one")
}

// checkGrowth waits for the agent's RSS to settle and fails if its peak
// grew past base by more than memSlack.
func checkGrowth(t *testing.T, a *agent, base int64, while string) {
	t.Helper()
	grown := settledPeak(t, a) - base
	t.Logf("peak RSS grew by %.1f MB %s", float64(grown)/1e6, while)
	if grown > memSlack() {
		t.Errorf("peak RSS grew by %.1f MB %s, more than %.1f MB", float64(grown)/1e6, while, float64(memSlack())/1e6)
	}
}

// openData opens /data, a file of size bytes in the simulated guest, for
// reading and writing and returns its handle.
func openData(t *testing.T, a *agent, c *client.Client, size int) int64 {
	t.Helper()
	if err := os.WriteFile(filepath.Join(a.root, "data"), bytes.Repeat([]byte("d"), size), 0o600); err != nil {
		t.Fatal(err)
	}
	var h int64
	if err := c.Do("guest-file-open", map[string]string{"path": "/data", "mode": "r+"}, &h); err != nil {
		t.Fatal(err)
	}
	return h
}

// settledPeak waits until the agent's RSS has not moved for a second
// (or 20 s have passed) and returns its peak RSS.
func settledPeak(t *testing.T, a *agent) int64 {
	t.Helper()
	last, still := int64(-1), 0
	for i := 0; i < 100 && still < 5; i++ {
		time.Sleep(200 * time.Millisecond)
		rss := status(t, a, "VmRSS")
		if rss == last {
			still++
		} else {
			last, still = rss, 0
		}
	}
	return peakRSS(t, a)
}

func peakRSS(t *testing.T, a *agent) int64 { return status(t, a, "VmHWM") }

// status reads a kB field of the agent's /proc/PID/status, in bytes.
func status(t *testing.T, a *agent, field string) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", a.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no %s in /proc/PID/status", field)
	return 0
}

// Budgets smaller than one request or one reply are thresholds, not
// walls: a 4 MiB write with a 1 MiB request budget and 4 MiB reads with a
// 1 MiB reply budget still go through, one at a time.
func TestBudgetsSmallerThanOneMessage(t *testing.T) {
	a := start(t, "--max-inflight-bytes", "1048576", "--max-reply-bytes", "1048576")
	c := a.dial()
	h := openData(t, a, c, 4<<20)
	c.SetTimeout(30 * time.Second)
	req := fmt.Sprintf(`{"execute":"guest-file-write","arguments":{"handle":%d,"buf-b64":"%s"}}`,
		h, base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("w"), 4<<20)))
	var reqs strings.Builder
	for i := 0; i < 3; i++ {
		reqs.WriteString(req)
		fmt.Fprintf(&reqs, `{"execute":"guest-file-seek","arguments":{"handle":%d,"offset":0,"whence":"set"}}`, h)
		fmt.Fprintf(&reqs, `{"execute":"guest-file-read","arguments":{"handle":%d,"count":%d}}`, h, 4<<20)
	}
	sent := make(chan error, 1)
	go func() { sent <- c.WriteRaw([]byte(reqs.String())) }()
	for i := 0; i < 3; i++ {
		for _, want := range []string{`{"return":{"count":4194304,"eof":false}}`, `{"return":{"position":0,"eof":false}}`} {
			if got := reply(t, c); got != want {
				t.Fatalf("round %d: %.80s, want %s", i, got, want)
			}
		}
		if got := reply(t, c); !strings.HasPrefix(got, `{"return":{"count":4194304,"buf-b64":"d3d3`) {
			t.Fatalf("read %d: %.80s", i, got)
		}
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
}

// Replies waiting in order behind a file read must not hold that read
// back: they cannot leave before it. A read delayed (so that 20,000 pings
// are answered behind the next read, filling the reply budget) and then
// the next read are both answered.
func TestReadBehindItsOwnPendingRepliesIsNotHeld(t *testing.T) {
	a := start(t, "--max-reply-bytes", "1048576", "--faults", "os.read=delay(1s)*1")
	c := a.dial()
	h := openData(t, a, c, 8<<20)
	c.SetTimeout(30 * time.Second)
	read := fmt.Sprintf(`{"execute":"guest-file-read","arguments":{"handle":%d,"count":%d}}`, h, 64<<10)
	sent := make(chan error, 1)
	go func() { sent <- c.WriteRaw([]byte(read + read + strings.Repeat(ping, 20000))) }()
	for i := 0; i < 2; i++ {
		if got := reply(t, c); !strings.HasPrefix(got, `{"return":{"count":65536,`) {
			t.Fatalf("read %d: %.80s", i, got)
		}
	}
	for i := 0; i < 20000; i++ {
		if got := reply(t, c); got != `{"return":{}}` {
			t.Fatalf("ping %d: %.80s", i, got)
		}
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
}
