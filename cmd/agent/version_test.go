package main

import (
	"runtime/debug"
	"testing"
)

func TestBuildVersion(t *testing.T) {
	stamped := func(v string) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) { return &debug.BuildInfo{Main: debug.Module{Version: v}}, true }
	}
	none := func() (*debug.BuildInfo, bool) { return nil, false }
	tests := []struct {
		linked string
		info   func() (*debug.BuildInfo, bool)
		want   string
	}{
		{"1.2.3+git20261207.abc", stamped("v0.0.0-x"), "1.2.3+git20261207.abc"},
		{"", stamped("v0.0.0-20261207-abcdef+dirty"), "v0.0.0-20261207-abcdef+dirty"},
		{"", stamped("(devel)"), "devel"},
		{"", none, "devel"},
	}
	for _, tt := range tests {
		if got := buildVersion(tt.linked, tt.info); got != tt.want {
			t.Errorf("buildVersion(%q) = %q, want %q", tt.linked, got, tt.want)
		}
	}
}
