package power

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

const (
	probeSystemd = "run systemctl status systemd-suspend (timeout 30s)"
	probePM      = "run pm-is-supported --suspend (timeout 30s)"
)

func TestSuspend(t *testing.T) {
	tests := []struct {
		name     string
		mode     SuspendMode
		programs map[string]int
		state    string // /sys/power/state; "" = missing
		trace    string
		written  string // what /sys/power/state starts with afterwards (sysfs files are written in place)
		err      string
	}{
		{name: "systemd", mode: RAM,
			programs: map[string]int{"systemctl status systemd-suspend": 3, "systemctl": 0},
			state:    "freeze mem disk\n",
			trace:    probeSystemd + "\nrun systemctl suspend (timeout 0s)",
			written:  "freeze mem disk\n"},
		{name: "systemd hibernate", mode: Disk,
			programs: map[string]int{"systemctl status systemd-hibernate": 1, "systemctl": 0},
			trace:    "run systemctl status systemd-hibernate (timeout 30s)\nrun systemctl hibernate (timeout 0s)"},
		{name: "systemd hybrid", mode: Hybrid,
			programs: map[string]int{"systemctl status systemd-hybrid-sleep": 3, "systemctl": 0},
			trace:    "run systemctl status systemd-hybrid-sleep (timeout 30s)\nrun systemctl hybrid-sleep (timeout 0s)"},
		{name: "unit unknown to systemd: pm-utils", mode: RAM,
			programs: map[string]int{"systemctl status systemd-suspend": 4, "pm-is-supported": 0, "pm-suspend": 0},
			trace:    probeSystemd + "\n" + probePM + "\nrun pm-suspend (timeout 0s)"},
		{name: "systemctl status 0 is not support", mode: RAM,
			programs: map[string]int{"systemctl": 0, "pm-is-supported": 0, "pm-suspend": 0},
			trace:    probeSystemd + "\n" + probePM + "\nrun pm-suspend (timeout 0s)"},
		{name: "pm-utils hybrid", mode: Hybrid,
			programs: map[string]int{"pm-is-supported": 0, "pm-suspend-hybrid": 0},
			trace: "run systemctl status systemd-hybrid-sleep (timeout 30s)\n" +
				"run pm-is-supported --suspend-hybrid (timeout 30s)\nrun pm-suspend-hybrid (timeout 0s)"},
		{name: "sysfs mem", mode: RAM, state: "freeze mem disk\n",
			trace:   probeSystemd + "\n" + probePM + "\nwrite mem",
			written: "mem"},
		{name: "sysfs disk", mode: Disk, state: "freeze mem disk\n",
			trace:   "run systemctl status systemd-hibernate (timeout 30s)\nrun pm-is-supported --hibernate (timeout 30s)\nwrite disk",
			written: "disk"},
		{name: "sysfs lacks disk", mode: Disk, state: "freeze mem\n",
			trace:   "run systemctl status systemd-hibernate (timeout 30s)\nrun pm-is-supported --hibernate (timeout 30s)",
			written: "freeze mem\n", err: ErrUnsupported.Error()},
		{name: "sysfs word, not substring", mode: RAM, state: "freeze memory\n",
			trace:   probeSystemd + "\n" + probePM,
			written: "freeze memory\n", err: ErrUnsupported.Error()},
		{name: "hybrid has no sysfs way", mode: Hybrid, state: "freeze mem disk\n",
			trace:   "run systemctl status systemd-hybrid-sleep (timeout 30s)\nrun pm-is-supported --suspend-hybrid (timeout 30s)",
			written: "freeze mem disk\n", err: ErrUnsupported.Error()},
		{name: "nothing at all", mode: RAM,
			trace: probeSystemd + "\n" + probePM, err: ErrUnsupported.Error()},
		{name: "pm-is-supported says no", mode: RAM, programs: map[string]int{"pm-is-supported": 1},
			trace: probeSystemd + "\n" + probePM, err: ErrUnsupported.Error()},
		{name: "systemd fails, sysfs works", mode: RAM, state: "mem\n",
			programs: map[string]int{"systemctl status systemd-suspend": 3, "systemctl suspend": 1},
			trace:    probeSystemd + "\nrun systemctl suspend (timeout 0s)\n" + probePM + "\nwrite mem",
			written:  "mem"},
		{name: "systemd fails, nothing else: its error", mode: RAM,
			programs: map[string]int{"systemctl status systemd-suspend": 3, "systemctl suspend": 1},
			trace:    probeSystemd + "\nrun systemctl suspend (timeout 0s)\n" + probePM,
			err:      "the helper program 'systemctl suspend' returned an unexpected exit status code (1)"},
		{name: "pm-utils program missing", mode: RAM, programs: map[string]int{"pm-is-supported": 0},
			trace: probeSystemd + "\n" + probePM + "\nrun pm-suspend (timeout 0s)",
			err:   "the helper program 'pm-suspend' was not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeSystem{programs: tt.programs}
			sys := f.system(t, tt.state)
			err := NewLinuxWith(sys).Suspend(tt.mode)
			if got := errText(err); got != tt.err {
				t.Errorf("error %q, want %q", got, tt.err)
			}
			if got := f.rendered(); got != tt.trace {
				t.Errorf("trace:\n%s\nwant:\n%s", got, tt.trace)
			}
			if b, _ := os.ReadFile(sys.StateFile); !strings.HasPrefix(string(b), tt.written) {
				t.Errorf("state file %q, want %q", b, tt.written)
			}
		})
	}
}

func TestSuspendSysfsWriteFails(t *testing.T) {
	f := &fakeSystem{}
	sys := f.system(t, "mem\n")
	sys.WriteState = func(string, string) error { return errPerm }
	err := NewLinuxWith(sys).Suspend(RAM)
	want := "failed to write 'mem' to " + sys.StateFile + ": operation not permitted"
	if errText(err) != want {
		t.Fatalf("error %v, want %q", err, want)
	}
}

func TestHelperResult(t *testing.T) {
	tests := []struct {
		status int
		err    error
		want   string
	}{
		{0, nil, ""},
		{2, nil, "the helper program 'x' returned an unexpected exit status code (2)"},
		{-1, ErrNotFound, "the helper program 'x' was not found"},
		{-1, ErrAbnormal, "the helper program 'x' terminated abnormally"},
		{-1, errors.New("fork: no memory"), "failed to create child process, error 'fork: no memory'"},
	}
	for _, tt := range tests {
		if got := errText(helperResult("x", tt.status, tt.err)); got != tt.want {
			t.Errorf("helperResult(%d, %v) = %q, want %q", tt.status, tt.err, got, tt.want)
		}
	}
}

func TestStateFile(t *testing.T) {
	dir := t.TempDir()
	if err := writeState(dir+"/missing", "mem"); err == nil {
		t.Fatal("writeState created a file")
	}
	if _, err := os.Stat(dir + "/missing"); !os.IsNotExist(err) {
		t.Fatalf("missing state file now exists: %v", err)
	}
	big := make([]byte, 10000)
	writeFile(t, dir+"/big", string(big))
	if b, err := readState(dir + "/big"); err != nil || len(b) != 4096 {
		t.Fatalf("readState read %d bytes, %v; want 4096", len(b), err)
	}
}
