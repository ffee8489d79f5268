package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/goqga/goqga/manpage"
)

// TestManPageMatchesHelp: every option qga --help lists is in qga(1)
// with the same text.
func TestManPageMatchesHelp(t *testing.T) {
	var page, help bytes.Buffer
	env := func(string) string { return "" }
	if code := run([]string{"--man"}, nil, &page, &bytes.Buffer{}, env); code != 0 {
		t.Fatalf("--man: exit %d", code)
	}
	run([]string{"--help"}, nil, &help, &bytes.Buffer{}, env)
	roff := manpage.Plain(page.String())
	for _, name := range sortedFlowNames() {
		if !strings.Contains(roff, name) || !strings.Contains(help.String(), name) {
			t.Errorf("qga(1) or --help lacks the flow %s", name)
		}
	}
	_, fs, _ := parseArgs(nil, env)
	missing, n := manpage.Missing(page.String(), help.String(), fs)
	for _, m := range missing {
		t.Error(m)
	}
	if n < 5 || strings.Contains(help.String(), "--man") {
		t.Errorf("%d options; --help shows the hidden --man:\n%s", n, help.String())
	}
}
