package vm

import (
	"bufio"
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"
)

// fakeShell plays guest/ctl on a pipe: the ready line, then for each
// script the output of run and the end marker.
func fakeShell(t *testing.T, run func(cmd string) (string, int)) *Ctl {
	host, guest := net.Pipe()
	script := regexp.MustCompile(`^\{ (.*)$`)
	end := regexp.MustCompile(`^\} </dev/null 2>&1; echo "@@goqga-end (\d+) \$\?"$`)
	go func() {
		defer guest.Close()
		fmt.Fprintln(guest, "boot noise")
		fmt.Fprintln(guest, readyMarker)
		sc := bufio.NewScanner(guest)
		var cmd string
		for sc.Scan() {
			if m := script.FindStringSubmatch(sc.Text()); m != nil {
				cmd = m[1]
			} else if m := end.FindStringSubmatch(sc.Text()); m != nil {
				out, status := run(cmd)
				fmt.Fprintf(guest, "%s@@goqga-end %s %d\n", out, m[1], status)
			}
		}
	}()
	c := &Ctl{conn: host, r: bufio.NewReader(host)}
	t.Cleanup(func() { c.Close() })
	if err := c.WaitReady(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCtlRun(t *testing.T) {
	c := fakeShell(t, func(cmd string) (string, int) {
		switch cmd {
		case "stale":
			// an earlier command's end marker arrives first: its output
			// is not this command's
			return "old output\n@@goqga-end 0 0\nnew output\n", 0
		case "false":
			return "", 1
		case "no-newline":
			// cat of a file without a final newline: the marker ends
			// its last line
			return "first\nlast", 0
		}
		return "ran " + cmd + "\nline 2\n", 0
	})
	for _, tc := range []struct {
		cmd    string
		out    string
		status int
	}{
		{"echo hi", "ran echo hi\nline 2\n", 0},
		{"stale", "new output\n", 0},
		{"false", "", 1},
		{"no-newline", "first\nlast", 0},
	} {
		out, status, err := c.Run(tc.cmd, 5*time.Second)
		if err != nil || out != tc.out || status != tc.status {
			t.Errorf("%q: %q %d %v", tc.cmd, out, status, err)
		}
	}
	if _, err := c.Must("false", 5*time.Second); err == nil || !strings.Contains(err.Error(), "exited 1") {
		t.Errorf("Must of a failing command: %v", err)
	}
}

func TestCtlTimeout(t *testing.T) {
	c := fakeShell(t, func(string) (string, int) { time.Sleep(time.Hour); return "", 0 })
	start := time.Now()
	if _, _, err := c.Run("sleep", 100*time.Millisecond); err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("a hung command: %v after %v", err, time.Since(start))
	}
}
