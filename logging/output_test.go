package logging

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func size(t *testing.T, p string) int64 {
	t.Helper()
	st, err := os.Stat(p)
	if os.IsNotExist(err) {
		return -1
	}
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// waitFor polls cond: Release writes on its own goroutine.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// While held, nothing reaches the file; Release writes the held lines in
// order and the output goes on directly.
func TestHoldRelease(t *testing.T) {
	p := filepath.Join(t.TempDir(), "agent.log")
	log, out, closeFn, err := New(Options{File: p})
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	log.Info("before")
	before := size(t, p)
	out.Hold()
	for _, m := range []string{"one", "two", "three"} {
		log.Info(m)
	}
	if got := size(t, p); got != before {
		t.Fatalf("file grew while held: %d -> %d", before, got)
	}
	out.Release()
	waitFor(t, "the flush", func() bool { return size(t, p) > before })
	log.Info("after")
	closeFn()
	b, _ := os.ReadFile(p)
	s := string(b)
	if !(strings.Index(s, "before") < strings.Index(s, "one") && strings.Index(s, "one") < strings.Index(s, "two") &&
		strings.Index(s, "three") < strings.Index(s, "after")) {
		t.Fatalf("lines out of order:\n%s", s)
	}
}

// An agent that starts frozen does not even create its log file until
// the thaw; the buffer is bounded and the drop is reported.
func TestHeldFromStartAndBounded(t *testing.T) {
	p := filepath.Join(t.TempDir(), "agent.log")
	log, out, closeFn, err := New(Options{File: p, Held: true, MaxHeld: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	for i := 0; i < 20; i++ {
		log.Info("a line that takes some room")
	}
	if size(t, p) != -1 {
		t.Fatal("log file created while frozen")
	}
	out.Release()
	waitFor(t, "the file", func() bool { return size(t, p) > 0 })
	closeFn()
	b, _ := os.ReadFile(p)
	if n := int64(len(b)); n > 400 || !strings.Contains(string(b), "bytes of log dropped while filesystems were frozen") {
		t.Fatalf("%d bytes after the thaw:\n%s", n, b)
	}
}

// A Hold that comes before a Release's goroutine runs wins; Close writes
// a Release still on its way and drops lines still held.
func TestHoldWinsAndClose(t *testing.T) {
	p := filepath.Join(t.TempDir(), "agent.log")
	log, out, _, err := New(Options{File: p, Held: true})
	if err != nil {
		t.Fatal(err)
	}
	log.Info("held")
	out.mu.Lock() // keep the Release's goroutine waiting
	out.want = false
	go out.apply()
	out.want, out.held = true, true // a Hold meanwhile
	out.mu.Unlock()
	time.Sleep(20 * time.Millisecond)
	if size(t, p) != -1 {
		t.Fatal("a stale Release wrote while held")
	}
	out.Close()
	if size(t, p) != -1 {
		t.Fatal("Close wrote the file while frozen")
	}

	log, out, _, _ = New(Options{File: p, Held: true})
	log.Info("released at exit")
	out.mu.Lock()
	out.want = false // Release called, its goroutine not run yet
	out.mu.Unlock()
	out.Close()
	if b, _ := os.ReadFile(p); !strings.Contains(string(b), "released at exit") {
		t.Fatalf("Close lost a Release: %q", b)
	}
}

func TestStderrNeverHeld(t *testing.T) {
	var buf bytes.Buffer
	log, out, closeFn, _ := New(Options{Stderr: &buf, Held: true})
	defer closeFn()
	out.Hold()
	log.Info("to stderr")
	if !strings.Contains(buf.String(), "to stderr") {
		t.Fatal("stderr output was held")
	}
}
