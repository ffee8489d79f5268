package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/pflag"
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
	roff := strings.NewReplacer(`\-`, "-", `\e`, `\`, `\fB`, "", `\fR`, "", `\fI`, "").Replace(page.String())
	for _, name := range sortedFlowNames() {
		if !strings.Contains(roff, name) || !strings.Contains(help.String(), name) {
			t.Errorf("qga(1) or --help lacks the flow %s", name)
		}
	}
	_, fs, _ := parseArgs(nil, env)
	n := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		n++
		_, text := pflag.UnquoteUsage(f)
		if !strings.Contains(roff, "--"+f.Name) || !strings.Contains(roff, text) || !strings.Contains(help.String(), text) {
			t.Errorf("qga(1) or --help lacks --%s %q", f.Name, text)
		}
	})
	if n < 5 || strings.Contains(help.String(), "--man") {
		t.Errorf("%d options; --help shows the hidden --man:\n%s", n, help.String())
	}
}
