package daemon

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestPidfileLocks(t *testing.T) {
	p := filepath.Join(t.TempDir(), "qga.pid")
	pf, err := WritePidfile(p)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	if strings.TrimSpace(string(b)) != strconv.Itoa(os.Getpid()) {
		t.Fatalf("pidfile holds %q", b)
	}
	if _, err := WritePidfile(p); err == nil || !strings.Contains(err.Error(), "another agent") {
		t.Fatalf("second lock: %v", err)
	}
	pf.Remove()
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Fatal("pidfile not removed")
	}
}
