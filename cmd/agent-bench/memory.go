package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/goqga/goqga/client"
)

// The memory figures beyond the peak: what a burst leaves resident a few
// seconds after it ended, and what a host that pipelines reads and reads
// no reply makes an agent hold (docs/ROBUSTNESS.md, "Memory budgets").
const (
	afterBurst = "RSS 5 s after 48 MiB reads"
	unreadName = "peak RSS, 100 unread 4 MiB reads"
	unreadN    = 100
	pingsName  = "peak RSS, 1,000,000 unread pings"
	pingsN     = 1_000_000
)

// memoryFigures runs after the workloads, on the same agent.
func memoryFigures(s *subject, c *client.Client, dataFile string, out map[string]float64) error {
	pid := s.cmd.Process.Pid
	if selected("file-read 48 MiB") {
		time.Sleep(5 * time.Second)
		st := readStatus(pid)
		out[afterBurst] = st.rssAnon + st.rssFile
	}
	if selected(unreadName) {
		peak, err := unreadReads(c, pid, dataFile)
		if err != nil {
			return fmt.Errorf("%s on %s: %w", unreadName, s.name, err)
		}
		out[unreadName] = peak
	}
	if selected(pingsName) {
		peak, err := unread(c, pid, bytes.Repeat([]byte(`{"execute":"guest-ping"}`), pingsN), pingsN)
		if err != nil {
			return fmt.Errorf("%s on %s: %w", pingsName, s.name, err)
		}
		out[pingsName] = peak
	}
	return nil
}

// unreadReads pipelines unreadN seek+read pairs of 4 MiB without reading
// a reply (see unread).
func unreadReads(c *client.Client, pid int, dataFile string) (float64, error) {
	h, err := openHandle(c, dataFile, "r")
	if err != nil {
		return 0, err
	}
	defer closeHandle(c, h)
	var reqs strings.Builder
	for i := 0; i < unreadN; i++ {
		fmt.Fprintf(&reqs, `{"execute":"guest-file-seek","arguments":{"handle":%d,"offset":0,"whence":"set"}}`, h)
		fmt.Fprintf(&reqs, `{"execute":"guest-file-read","arguments":{"handle":%d,"count":%d}}`, h, 4<<20)
	}
	return unread(c, pid, []byte(reqs.String()), 2*unreadN)
}

// unread sends reqs (n requests) without reading a reply, waits until
// the agent's RSS stops moving, takes its peak (reset first, through
// clear_refs), then reads the n replies.
func unread(c *client.Client, pid int, reqs []byte, n int) (float64, error) {
	_ = os.WriteFile(filepath.Join("/proc", strconv.Itoa(pid), "clear_refs"), []byte("5"), 0)
	sent := make(chan error, 1)
	go func() { sent <- c.WriteRaw(reqs) }() // blocks while the agent does not read
	settle(pid)
	peak := readStatus(pid).hwm
	for i := 0; i < n; i++ {
		line, err := c.ReadLine()
		if err != nil {
			return 0, err
		}
		if !bytes.HasPrefix(line, []byte(`{"return"`)) {
			return 0, fmt.Errorf("reply %d: %.200s", i, line)
		}
	}
	return peak, <-sent
}

// settle waits until pid's RSS has not moved for a second, 30 s at most.
func settle(pid int) {
	last, still := -1.0, 0
	for i := 0; i < 150 && still < 5; i++ {
		time.Sleep(200 * time.Millisecond)
		st := readStatus(pid)
		if rss := st.rssAnon + st.rssFile; rss == last {
			still++
		} else {
			last, still = rss, 0
		}
	}
}
