package power

import (
	"testing"
)

func TestShutdown(t *testing.T) {
	const wall = " +0 hypervisor initiated shutdown (timeout 0s)"
	tests := []struct {
		name      string
		mode      Mode
		programs  map[string]int
		killed    bool
		rebootErr error
		trace     string
		err       string
	}{
		{name: "poweroff preferred", mode: Powerdown,
			programs: map[string]int{"/sbin/poweroff": 0, "/sbin/shutdown": 0},
			trace:    "run /sbin/poweroff (timeout 0s)"},
		{name: "halt program", mode: Halt,
			programs: map[string]int{"/sbin/halt": 0, "/sbin/shutdown": 0},
			trace:    "run /sbin/halt (timeout 0s)"},
		{name: "reboot program", mode: Reboot,
			programs: map[string]int{"/sbin/reboot": 0},
			trace:    "run /sbin/reboot (timeout 0s)"},
		{name: "shutdown -P when poweroff is missing", mode: Powerdown,
			programs: map[string]int{"/sbin/shutdown": 0, "/sbin/halt": 0},
			trace:    "run /sbin/shutdown -h -P" + wall},
		{name: "shutdown -H", mode: Halt,
			programs: map[string]int{"/sbin/shutdown": 0, "/sbin/poweroff": 0},
			trace:    "run /sbin/shutdown -h -H" + wall},
		{name: "shutdown -r", mode: Reboot,
			programs: map[string]int{"/sbin/shutdown": 0},
			trace:    "run /sbin/shutdown -h -r" + wall},
		{name: "program fails", mode: Powerdown,
			programs: map[string]int{"/sbin/poweroff": 1},
			trace:    "run /sbin/poweroff (timeout 0s)", err: "child process has failed to shutdown"},
		{name: "program killed", mode: Reboot,
			programs: map[string]int{"/sbin/reboot": 0}, killed: true,
			trace: "run /sbin/reboot (timeout 0s)", err: "child process has terminated abnormally"},
		{name: "no program: sync then power off", mode: Powerdown,
			trace: "sync\nreboot 0x4321fedc"},
		{name: "no program: sync then halt", mode: Halt,
			trace: "sync\nreboot 0xcdef0123"},
		{name: "no program: sync then restart", mode: Reboot,
			trace: "sync\nreboot 0x1234567"},
		{name: "reboot(2) refused", mode: Reboot, rebootErr: errPerm,
			trace: "sync\nreboot 0x1234567",
			err:   "no shutdown program found and reboot(2) failed: operation not permitted"},
		{name: "bad mode does nothing", mode: "sleep",
			err: "mode is invalid (valid values are: halt|powerdown|reboot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeSystem{programs: tt.programs, rebootErr: tt.rebootErr}
			if tt.killed {
				f.killed = map[string]bool{"/sbin/reboot": true}
			}
			err := NewLinuxWith(f.system(t, "")).Shutdown(tt.mode)
			if got := errText(err); got != tt.err {
				t.Errorf("error %q, want %q", got, tt.err)
			}
			if got := f.rendered(); got != tt.trace {
				t.Errorf("trace:\n%s\nwant:\n%s", got, tt.trace)
			}
		})
	}
}

func TestParseMode(t *testing.T) {
	tests := []struct {
		s     string
		given bool
		want  Mode
		err   bool
	}{
		{"", false, Powerdown, false},
		{"halt", true, Halt, false},
		{"powerdown", true, Powerdown, false},
		{"reboot", true, Reboot, false},
		{"", true, "", true},
		{"Reboot", true, "", true},
		{"reboot ", true, "", true},
	}
	for _, tt := range tests {
		m, err := ParseMode(tt.s, tt.given)
		if m != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseMode(%q, %v) = %q, %v", tt.s, tt.given, m, err)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
