// Package adversarial throws hostile input at the agent: random bytes,
// truncated, oversized and deeply nested messages, interleaved with the
// resync a careful host does (0xFF + guest-sync-delimited). Every sync
// must be answered with its id, every line the agent writes must be a
// protocol reply, and the agent's memory must stay bounded.
package adversarial

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

var duration = flag.Duration("adversarial.duration", 10*time.Second,
	"how long to attack the agent (go test ./test/adversarial -adversarial.duration 10m for a long run)")

var seed = flag.Int64("adversarial.seed", 0, "random seed (0: from the clock); a failure logs the seed to replay it")

const maxMsg = 1 << 20 // the agent runs with --max-message-bytes 1 MiB

func TestAdversarialInput(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "agent")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/goqga/goqga/cmd/agent").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	sock := filepath.Join(dir, "qga.sock")
	cmd := exec.Command(bin, "-m", "unix-listen", "-p", sock, "-t", dir, "--os", "sim",
		"--max-message-bytes", strconv.Itoa(maxMsg))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	c := dial(t, sock)
	s := *seed
	if s == 0 {
		s = time.Now().UnixNano()
	}
	rng := rand.New(rand.NewSource(s))
	t.Logf("attacking for %v with -adversarial.seed %d", *duration, s)
	var peak, first float64
	syncs := 0
	for end := time.Now().Add(*duration); time.Now().Before(end); syncs++ {
		if err := c.WriteRaw(hostile(rng)); err != nil {
			t.Fatalf("write: %v", err)
		}
		if err := c.Sync(); err != nil {
			t.Fatalf("sync %d not answered: %v", syncs, err)
		}
		rss := rssMB(cmd.Process.Pid)
		if first == 0 {
			first = rss
		}
		peak = max(peak, rss)
	}
	t.Logf("%d hostile messages, each followed by an answered sync; RSS first %.1f MB, peak %.1f MB", syncs, first, peak)
	// Oversized messages are dropped as they stream in: memory stays
	// within a few times the message limit, however long the attack.
	if peak > first+8*maxMsg/1e6+64 {
		t.Errorf("RSS grew from %.1f MB to %.1f MB", first, peak)
	}
}

func dial(t *testing.T, sock string) *client.Client {
	for i := 0; i < 500; i++ {
		if c, err := client.Dial("unix", sock, 10*time.Second); err == nil {
			t.Cleanup(func() { c.Close() })
			return c
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("agent never listened")
	return nil
}

// hostile returns one piece of hostile input.
func hostile(rng *rand.Rand) []byte {
	switch rng.Intn(7) {
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
	default: // valid requests, pipelined
		return bytes.Repeat([]byte(`{"execute":"guest-ping"}{"execute":"guest-info","id":[1,{"k":null}]}`), 1+rng.Intn(20))
	}
}

func rssMB(pid int) float64 {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
