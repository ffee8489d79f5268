package logging

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.uber.org/zap/zapcore"
)

func TestFileAndLevels(t *testing.T) {
	p := filepath.Join(t.TempDir(), "agent.log")
	for _, verbose := range []bool{false, true} {
		log, _, closeFn, err := New(Options{File: p, Verbose: verbose})
		if err != nil {
			t.Fatal(err)
		}
		log.Debug("debug line")
		log.Info("info line")
		closeFn()
	}
	b, _ := os.ReadFile(p)
	if strings.Count(string(b), "info line") != 2 || strings.Count(string(b), "debug line") != 1 {
		t.Fatalf("log file (appended twice, debug only when verbose):\n%s", b)
	}
}

func TestSlogBridge(t *testing.T) {
	var buf bytes.Buffer
	log, _, closeFn, _ := New(Options{Stderr: &buf})
	s := Slog(log).With("lib", "Proto.Actor")
	s.Info("chatter")           // library info becomes debug: hidden
	s.Error("boom", "actor", 7) // errors pass with their attributes
	closeFn()
	out := buf.String()
	if strings.Contains(out, "chatter") || !strings.Contains(out, "boom") ||
		!strings.Contains(out, `"actor": 7`) || !strings.Contains(out, `"lib": "Proto.Actor"`) {
		t.Fatalf("bridged output:\n%s", out)
	}
}

// TestJournal: under systemd each line starts with its syslog priority
// and has no time stamp; the audit logger's name is on the line; output
// is held while frozen like a file.
func TestJournal(t *testing.T) {
	var buf bytes.Buffer
	log, out, closeFn, _ := New(Options{Stderr: &buf, Journal: true, Verbose: true})
	log.Debug("d")
	log.Named("audit").Info("audit")
	log.Warn("w")
	log.Error("e")
	out.Hold()
	log.Info("while frozen")
	if strings.Contains(buf.String(), "while frozen") {
		t.Error("journal output written while held")
	}
	out.Release()
	closeFn()
	want := "<7>debug\td\n<6>info\taudit\taudit\n<4>warn\tw\n<3>error\te\n<6>info\twhile frozen\n"
	if buf.String() != want {
		t.Errorf("journal lines:\n%q\nwant\n%q", buf.String(), want)
	}
	// A log file wins over the journal: no prefixes there.
	p := filepath.Join(t.TempDir(), "f.log")
	log, _, closeFn, _ = New(Options{File: p, Journal: true})
	log.Info("x")
	closeFn()
	if b, _ := os.ReadFile(p); strings.Contains(string(b), "<6>") {
		t.Errorf("priority prefix in a log file: %q", b)
	}
}

func TestPriority(t *testing.T) {
	for l, want := range map[zapcore.Level]int{zapcore.DebugLevel: 7, zapcore.InfoLevel: 6, zapcore.WarnLevel: 4,
		zapcore.ErrorLevel: 3, zapcore.DPanicLevel: 2, zapcore.PanicLevel: 2, zapcore.FatalLevel: 0} {
		if got := Priority(l); got != want {
			t.Errorf("Priority(%v) = %d, want %d", l, got, want)
		}
	}
}
