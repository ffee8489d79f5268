package domain

import (
	"encoding/json"
	"testing"
)

// A crash names the request that caused it, never its arguments.
func TestCrashString(t *testing.T) {
	tests := []struct {
		c    Crash
		want string
	}{
		{Crash{Domain: "files", Command: "guest-file-write", ID: json.RawMessage(`"r7"`), Reason: "boom"},
			`files actor crashed in guest-file-write (request id "r7"): boom`},
		{Crash{Domain: "core", Command: "guest-ping", Reason: "boom"}, `core actor crashed in guest-ping: boom`},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}
