package logging

import (
	"fmt"
	"io"
	"os"
	"sync"
)

// DefaultMaxHeld bounds the log bytes kept in memory while frozen.
const DefaultMaxHeld = 1 << 20

// Output is where log lines go: stderr, or the -l file. While filesystems
// are frozen the file must not be touched (a write to a frozen filesystem
// blocks until the thaw), so Hold diverts lines to a bounded memory
// buffer and Release writes them out, in order, and resumes. Stderr is
// held only when it is systemd's journal (journald may itself be blocked
// on a frozen disk); otherwise it is a pipe or a terminal.
type Output struct {
	mu      sync.Mutex
	path    string    // "" for stderr
	journal bool      // stderr is the journal: held across freezes too
	file    *os.File  // nil until opened: deferred while held from the start
	stderr  io.Writer // stderr, and the fallback if the file cannot be opened
	want    bool      // the latest Hold/Release: true while held
	held    bool      // lines go to buf
	buf     []byte
	max     int
	dropped int
}

func openOutput(o Options) (*Output, error) {
	out := &Output{path: o.File, stderr: o.Stderr, max: o.MaxHeld, journal: o.journal()}
	if out.stderr == nil {
		out.stderr = os.Stderr
	}
	if out.max <= 0 {
		out.max = DefaultMaxHeld
	}
	if out.path == "-" {
		out.path = ""
	}
	if (out.path != "" || out.journal) && o.Held {
		out.want, out.held = true, true
		return out, nil
	}
	return out, out.open()
}

// open opens the log file append-only and close-on-exec (Go's default).
func (o *Output) open() error {
	if o.path == "" || o.file != nil {
		return nil
	}
	f, err := os.OpenFile(o.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o640)
	if err != nil {
		return err
	}
	o.file = f
	return nil
}

// Write implements zapcore.WriteSyncer; zap writes one entry per call.
func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.held {
		if len(o.buf)+len(p) > o.max {
			o.dropped += len(p)
		} else {
			o.buf = append(o.buf, p...)
		}
		return len(p), nil
	}
	return o.sink().Write(p)
}

func (o *Output) sink() io.Writer {
	if o.file != nil {
		return o.file
	}
	return o.stderr
}

// Sync implements zapcore.WriteSyncer; held output has nothing to sync.
func (o *Output) Sync() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.held || o.file == nil {
		return nil
	}
	return o.file.Sync()
}

// Hold diverts file output to memory from now on. When it returns, no
// write to the file is in progress or will start until Release.
func (o *Output) Hold() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.path == "" && !o.journal {
		return
	}
	o.want, o.held = true, true
}

// Release resumes file output: on its own goroutine (the caller may be an
// actor that must not block on I/O), it opens the file if it was never
// opened, writes the held lines and goes back to writing directly. A Hold
// that comes before that goroutine runs wins.
func (o *Output) Release() {
	o.mu.Lock()
	o.want = false
	o.mu.Unlock()
	go o.apply()
}

// apply carries out the latest Release, if no Hold came after it.
func (o *Output) apply() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.want || !o.held {
		return
	}
	o.flush()
}

// flush writes the held lines; the caller holds mu.
func (o *Output) flush() {
	if err := o.open(); err != nil {
		fmt.Fprintf(o.stderr, "goqga: cannot open log file %s after the thaw: %v; logging to stderr\n", o.path, err)
		o.path = ""
	}
	w := o.sink()
	_, _ = w.Write(o.buf)
	if o.dropped > 0 {
		fmt.Fprintf(w, "goqga: %d bytes of log dropped while filesystems were frozen\n", o.dropped)
	}
	o.buf, o.dropped, o.held = nil, 0, false
}

// Close flushes a Release still on its way, and closes the file. Lines
// still held (the agent exits frozen) are dropped: the file must not be
// touched.
func (o *Output) Close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.held && !o.want {
		o.flush()
	}
	if o.file == nil {
		return nil
	}
	err := o.file.Close()
	o.file = nil
	return err
}
