package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/goqga/goqga/client"
)

// The exec workloads run real, harmless programs in both agents (goqga
// with --os linux, guest-exec left unblocked in both): /bin/true until
// its status says exited, and a program writing 16 MiB to stdout,
// collected with capture-output. Neither runs on the floor, which has no
// programs.
const (
	execTrueRuns = 200
	execBigRuns  = 4
	execBigBytes = 16 << 20
	execPoll     = 200 * time.Microsecond // between status polls
)

var (
	pidRe    = regexp.MustCompile(`"pid": ?(\d+)`)
	exitedRe = regexp.MustCompile(`"exited": ?(true|false)`)
)

// execUntilExited starts args' program and polls guest-exec-status until
// it has exited; it returns the raw status line (unparsed: a 21 MiB
// base64 member costs the client as much as the agent to decode).
func execUntilExited(c *client.Client, args string) ([]byte, error) {
	if err := c.WriteRaw([]byte(`{"execute":"guest-exec","arguments":` + args + `}`)); err != nil {
		return nil, err
	}
	line, err := c.ReadLine()
	if err != nil {
		return nil, err
	}
	m := pidRe.FindSubmatch(line)
	if m == nil {
		return nil, fmt.Errorf("guest-exec: %.200s", line)
	}
	status := []byte(`{"execute":"guest-exec-status","arguments":{"pid":` + string(m[1]) + `}}`)
	for {
		if err := c.WriteRaw(status); err != nil {
			return nil, err
		}
		line, err := c.ReadLine()
		if err != nil {
			return nil, err
		}
		// The member is near one end of the line in either agent's order.
		ends := append(append([]byte{}, line[:min(len(line), 96)]...), line[max(0, len(line)-96):]...)
		e := exitedRe.FindSubmatch(ends)
		if e == nil {
			return nil, fmt.Errorf("guest-exec-status: %.200s", line)
		}
		if string(e[1]) == "true" {
			return line, nil
		}
		time.Sleep(execPoll)
	}
}

// execTrue measures exec of /bin/true until exited, per run.
func execTrue(c *client.Client) (float64, time.Duration, error) {
	t0 := time.Now()
	for i := 0; i < execTrueRuns; i++ {
		if _, err := execUntilExited(c, `{"path":"/bin/true"}`); err != nil {
			return 0, 0, err
		}
	}
	return execTrueRuns, time.Since(t0), nil
}

// execBig runs a program writing 16 MiB to stdout and collects it.
func execBig(c *client.Client) (float64, time.Duration, error) {
	args := `{"path":"/bin/sh","arg":["-c","head -c ` + strconv.Itoa(execBigBytes) + ` /dev/zero"],"capture-output":true}`
	t0 := time.Now()
	for i := 0; i < execBigRuns; i++ {
		line, err := execUntilExited(c, args)
		if err != nil {
			return 0, 0, err
		}
		if want := 4 * execBigBytes / 3; len(line) < want || !bytes.Contains(line[:min(len(line), 96)], []byte(`"exitcode"`)) && !bytes.Contains(line[max(0, len(line)-96):], []byte(`"exitcode"`)) {
			return 0, 0, fmt.Errorf("16 MiB exec: a %d-byte status line (want at least %d)", len(line), want)
		}
	}
	return float64(execBigRuns) * execBigBytes / 1e6, time.Since(t0), nil
}

// resetPeakRSS makes VmHWM start again from the current RSS (Linux 4.0+),
// so a workload's own peak can be read after it.
func resetPeakRSS(pid int) {
	_ = os.WriteFile(filepath.Join("/proc", strconv.Itoa(pid), "clear_refs"), []byte("5"), 0)
}
