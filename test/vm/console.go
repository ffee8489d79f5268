package vm

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"time"
)

// kernelPanic on the console ends every wait at once: the guest is dead.
var kernelPanic = []byte("Kernel panic")

// Console reads the guest's console log (ttyS0, a file QEMU appends to):
// the kernel's messages, the init's "goqga-vm: ..." markers and the
// agent's log.
type Console struct{ Path string }

// Offset is the console's current length: Wait(re, c.Offset(), ...)
// matches only lines written after this point.
func (c *Console) Offset() int64 {
	st, err := os.Stat(c.Path)
	if err != nil {
		return 0
	}
	return st.Size()
}

// Wait polls the console from byte since until a complete line matches
// re. It returns the submatches and the offset just past that line.
func (c *Console) Wait(re *regexp.Regexp, since int64, timeout time.Duration) ([]string, int64, error) {
	deadline := time.Now().Add(timeout)
	for {
		b, err := os.ReadFile(c.Path)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, 0, err
		}
		if m, end, ok := MatchLine(b, re, since); ok {
			return m, end, nil
		}
		if since < int64(len(b)) && bytes.Contains(b[since:], kernelPanic) {
			return nil, 0, fmt.Errorf("the guest kernel panicked:\n%s", Tail(b, 3000))
		}
		if time.Now().After(deadline) {
			return nil, 0, fmt.Errorf("no console line matching %q in %v; console ends:\n%s", re, timeout, Tail(b, 3000))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Since is the console's text from byte since on.
func (c *Console) Since(since int64) string {
	b, _ := os.ReadFile(c.Path)
	if since < 0 || since > int64(len(b)) {
		return ""
	}
	return string(b[since:])
}

// MatchLine finds the first complete line at or after byte since (a
// line that starts before since is skipped) matching re.
func MatchLine(b []byte, re *regexp.Regexp, since int64) ([]string, int64, bool) {
	if since < 0 || since > int64(len(b)) {
		since = int64(len(b))
	}
	pos := since
	for {
		nl := bytes.IndexByte(b[pos:], '\n')
		if nl < 0 {
			return nil, 0, false
		}
		line := bytes.TrimRight(b[pos:pos+int64(nl)], "\r")
		if m := re.FindSubmatch(line); m != nil {
			out := make([]string, len(m))
			for i, s := range m {
				out[i] = string(s)
			}
			return out, pos + int64(nl) + 1, true
		}
		pos += int64(nl) + 1
	}
}

// Tail is the last n bytes of b, for error messages.
func Tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
