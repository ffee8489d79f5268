package config

import (
	"slices"
	"strings"
	"testing"
)

func TestFileAllowAndMode(t *testing.T) {
	base := []string{"-m", "unix-listen", "-p", "/s"}
	tests := []struct {
		args  []string
		allow []string
		mode  FileMode
		err   string
	}{
		{nil, nil, 0o600, ""},
		{[]string{"--file-mode", "0666"}, nil, 0o666, ""},
		{[]string{"--file-mode=640"}, nil, 0o640, ""},
		{[]string{"--file-mode", "0"}, nil, 0, ""},
		// Repeatable, and a comma is part of a path, not a separator.
		{[]string{"--file-allow", "/srv/a,b", "--file-allow=/tmp"}, []string{"/srv/a,b", "/tmp"}, 0o600, ""},
		{[]string{"--file-mode", "4755"}, nil, 0, "invalid file mode"},
		{[]string{"--file-mode", "0x1ff"}, nil, 0, "invalid file mode"},
		{[]string{"--file-mode", "888"}, nil, 0, "invalid file mode"},
		{[]string{"--file-allow", "srv"}, nil, 0, `invalid --file-allow "srv" (want an absolute directory)`},
	}
	for _, tt := range tests {
		cfg, _, err := Parse(append(slices.Clone(base), tt.args...), env(t, nil))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%v: err = %v, want %q", tt.args, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%v: %v", tt.args, err)
			continue
		}
		if !slices.Equal(cfg.FileAllow, tt.allow) || cfg.FileMode != tt.mode {
			t.Errorf("%v: allow %q mode %v, want %q %v", tt.args, cfg.FileAllow, &cfg.FileMode, tt.allow, &tt.mode)
		}
	}
}
