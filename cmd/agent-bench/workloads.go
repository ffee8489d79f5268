package main

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/goqga/goqga/client"
)

// metric is one measured figure; higher is better unless lowerBetter.
type metric struct {
	name        string
	unit        string
	lowerBetter bool
}

var metrics = append([]metric{
	{"ping sequential", "req/s", false},
	{"ping 16 pipelined", "req/s", false},
	{"file-read 64 KiB", "MB/s", false},
	{"file-read 1 MiB", "MB/s", false},
	{"file-read 4 MiB", "MB/s", false},
	{"file-read 48 MiB", "MB/s", false},
	{"file-write 4 MiB", "MB/s", false},
	{"exec /bin/true until exited", "exec/s", false},
	{"exec 16 MiB stdout", "MB/s", false},
	// CPU time the agent spent per unit of work, whatever the client's
	// speed: steadier than throughput on a shared machine.
	{"ping sequential" + cpuSuffix, "µs/req", true},
	{"ping 16 pipelined" + cpuSuffix, "µs/req", true},
	{"file-read 64 KiB" + cpuSuffix, "µs/MB", true},
	{"file-read 1 MiB" + cpuSuffix, "µs/MB", true},
	{"file-read 4 MiB" + cpuSuffix, "µs/MB", true},
	{"file-read 48 MiB" + cpuSuffix, "µs/MB", true},
	{"file-write 4 MiB" + cpuSuffix, "µs/MB", true},
	{"exec /bin/true until exited" + cpuSuffix, "µs/exec", true},
	{"exec 16 MiB stdout" + cpuSuffix, "µs/MB", true},
	{"idle RSS anon", "MB", true},
	{"idle RSS file", "MB", true},
	{"peak RSS (48 MiB reads)", "MB", true},
	{afterBurst, "MB", true},
	{unreadName, "MB", true},
	{pingsName, "MB", true},
	{"peak RSS (16 MiB exec)", "MB", true},
	{"start-up to first reply", "ms", true},
	{"idle wake-ups (no host)", "/s", true},
}, cycleMetrics()...)

const cpuSuffix = ", agent CPU"

const (
	pings      = 20000
	batches    = 2000
	readBytes  = 256 << 20
	writeBytes = 128 << 20
)

// measureAll runs every workload once on a started subject.
func measureAll(s *subject, dataFile string, out map[string]float64) error {
	written := filepath.Join(s.dir, "written")
	defer os.Remove(written)
	pid := s.cmd.Process.Pid
	if !s.noProcStats {
		time.Sleep(300 * time.Millisecond)
		st := readStatus(pid)
		out["idle RSS anon"], out["idle RSS file"] = st.rssAnon, st.rssFile
		out["idle wake-ups (no host)"] = wakeups(pid, 2*time.Second)
	}
	c, err := s.dial()
	if err != nil {
		return err
	}
	defer c.Close()
	steps := []struct {
		name string
		fn   func() (float64, time.Duration, error) // work done (requests or MB), time taken
	}{
		{"ping sequential", func() (float64, time.Duration, error) { return pingSeq(c) }},
		{"ping 16 pipelined", func() (float64, time.Duration, error) { return pingPipelined(c) }},
		{"file-read 64 KiB", func() (float64, time.Duration, error) { return fileRead(c, dataFile, 64<<10, readBytes) }},
		{"file-read 1 MiB", func() (float64, time.Duration, error) { return fileRead(c, dataFile, 1<<20, readBytes) }},
		{"file-read 4 MiB", func() (float64, time.Duration, error) { return fileRead(c, dataFile, 4<<20, readBytes) }},
		{"file-read 48 MiB", func() (float64, time.Duration, error) { return fileRead(c, dataFile, 48<<20, 3*48<<20) }},
		{"file-write 4 MiB", func() (float64, time.Duration, error) {
			return fileWrite(c, written, 4<<20)
		}},
	}
	for _, st := range steps {
		if !selected(st.name) {
			continue
		}
		cpu0 := cpuTime(pid)
		work, took, err := st.fn()
		if err != nil {
			return fmt.Errorf("%s on %s: %w", st.name, s.name, err)
		}
		out[st.name] = work / took.Seconds()
		if !s.noProcStats {
			out[st.name+cpuSuffix] = (cpuTime(pid) - cpu0).Seconds() * 1e6 / work
		}
	}
	if selected(kubevirtName) {
		if err := measureCycle(s, c, pid, out); err != nil {
			return err
		}
	}
	if s.noProcStats {
		return nil
	}
	if selected("file-read 48 MiB") {
		out["peak RSS (48 MiB reads)"] = readStatus(pid).hwm
	}
	if !s.noProcStats { // the floor runs no programs
		if err := measureExec(s, c, out); err != nil {
			return err
		}
	}
	return memoryFigures(s, c, dataFile, out)
}

// measureExec runs the exec workloads; the peak RSS is the 16 MiB exec's
// own (the high-water mark is reset before it).
func measureExec(s *subject, c *client.Client, out map[string]float64) error {
	pid := s.cmd.Process.Pid
	for _, st := range []struct {
		name string
		fn   func(*client.Client) (float64, time.Duration, error)
	}{{"exec /bin/true until exited", execTrue}, {"exec 16 MiB stdout", execBig}} {
		if !selected(st.name) {
			continue
		}
		resetPeakRSS(pid)
		cpu0 := cpuTime(pid)
		work, took, err := st.fn(c)
		if err != nil {
			return fmt.Errorf("%s on %s: %w", st.name, s.name, err)
		}
		out[st.name] = work / took.Seconds()
		out[st.name+cpuSuffix] = (cpuTime(pid) - cpu0).Seconds() * 1e6 / work
		if st.name == "exec 16 MiB stdout" {
			out["peak RSS (16 MiB exec)"] = readStatus(pid).hwm
		}
	}
	return nil
}

// only, when set, names the workloads to run (-only).
var only *regexp.Regexp

func selected(name string) bool {
	return only == nil || only.MatchString(name)
}

func pingSeq(c *client.Client) (float64, time.Duration, error) {
	line := []byte(`{"execute":"guest-ping"}`)
	t0 := time.Now()
	for i := 0; i < pings; i++ {
		if err := c.WriteRaw(line); err != nil {
			return 0, 0, err
		}
		if _, err := c.ReadReply(); err != nil {
			return 0, 0, err
		}
	}
	return pings, time.Since(t0), nil
}

func pingPipelined(c *client.Client) (float64, time.Duration, error) {
	batch := bytes.Repeat([]byte(`{"execute":"guest-ping"}`), 16)
	t0 := time.Now()
	for i := 0; i < batches; i++ {
		if err := c.WriteRaw(batch); err != nil {
			return 0, 0, err
		}
		for j := 0; j < 16; j++ {
			if _, err := c.ReadReply(); err != nil {
				return 0, 0, err
			}
		}
	}
	return 16 * batches, time.Since(t0), nil
}

// Base64 holds no '"', so these find the reply's own members even in a
// 64 MiB line, without decoding it.
var (
	countRe = regexp.MustCompile(`"count": ?(\d+)`)
	eofRe   = regexp.MustCompile(`"eof": ?(true|false)`)
)

func fileRead(c *client.Client, path string, chunk, total int) (float64, time.Duration, error) {
	h, err := openHandle(c, path, "r")
	if err != nil {
		return 0, 0, err
	}
	defer closeHandle(c, h)
	got := 0
	t0 := time.Now()
	for got < total {
		// The reply is read as a raw line and only its count and eof are
		// looked at: a full parse of a 64 MiB reply costs the client as
		// much as producing it costs an agent, and would hide the agents'
		// difference (see the floor).
		if err := c.WriteRaw([]byte(fmt.Sprintf(`{"execute":"guest-file-read","arguments":{"handle":%d,"count":%d}}`, h, chunk))); err != nil {
			return 0, 0, err
		}
		line, err := c.ReadLine()
		if err != nil {
			return 0, 0, err
		}
		if !bytes.HasPrefix(line, []byte(`{"return"`)) {
			return 0, 0, fmt.Errorf("read failed: %.200s", line)
		}
		tail := line[max(0, len(line)-64):]
		m := countRe.FindSubmatch(line[:min(len(line), 64)])
		if m == nil {
			m = countRe.FindSubmatch(tail)
		}
		if m == nil {
			return 0, 0, fmt.Errorf("no count in reply")
		}
		n, _ := strconv.Atoi(string(m[1]))
		got += n
		if e := eofRe.FindSubmatch(tail); n == 0 || (e != nil && string(e[1]) == "true") {
			// The file is shorter than total: read it again.
			if _, err := c.Call("guest-file-seek", map[string]any{"handle": h, "offset": 0, "whence": "set"}); err != nil {
				return 0, 0, err
			}
		}
	}
	return float64(got) / 1e6, time.Since(t0), nil
}

func fileWrite(c *client.Client, path string, chunk int) (float64, time.Duration, error) {
	h, err := openHandle(c, path, "w")
	if err != nil {
		return 0, 0, err
	}
	data := make([]byte, chunk)
	_, _ = rand.Read(data)
	// The request is encoded once: the client's JSON encoding of 4 MiB
	// would otherwise cost as much as either agent's work.
	req := []byte(fmt.Sprintf(`{"execute":"guest-file-write","arguments":{"handle":%d,"buf-b64":"%s"}}`,
		h, base64.StdEncoding.EncodeToString(data)))
	t0 := time.Now()
	for done := 0; done < writeBytes; done += chunk {
		if err := c.WriteRaw(req); err != nil {
			return 0, 0, err
		}
		r, err := c.ReadReply()
		if err != nil {
			return 0, 0, err
		}
		if r.Error != nil {
			return 0, 0, r.Error
		}
	}
	closeHandle(c, h) // the close (and its flush) is part of writing
	d := time.Since(t0)
	return float64(writeBytes) / 1e6, d, nil
}

func openHandle(c *client.Client, path, mode string) (int64, error) {
	var h int64
	err := c.Do("guest-file-open", map[string]any{"path": path, "mode": mode}, &h)
	return h, err
}

func closeHandle(c *client.Client, h int64) {
	_, _ = c.Call("guest-file-close", map[string]any{"handle": h})
}

// makeData writes a file of random bytes for the read workloads.
func makeData(dir string) (string, error) {
	p := filepath.Join(dir, "data")
	f, err := os.Create(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	for i := 0; i < 3*48; i++ {
		_, _ = rand.Read(buf)
		if _, err := f.Write(buf); err != nil {
			return "", err
		}
	}
	return p, nil
}
