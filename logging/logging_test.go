package logging

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
