package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/goqga/goqga/config"
)

// TestManPageMatchesHelp: every option --help lists is in goqga(8) with
// the same text, and the page's config section is --help's.
func TestManPageMatchesHelp(t *testing.T) {
	var page, help bytes.Buffer
	if code := run([]string{"--man"}, &page, &bytes.Buffer{}); code != 0 {
		t.Fatalf("--man: exit %d", code)
	}
	run([]string{"--help"}, &help, &bytes.Buffer{})
	roff := strings.NewReplacer(`\-`, "-", `\e`, `\`, `\fB`, "", `\fR`, "", `\fI`, "").Replace(page.String())
	n := 0
	config.FlagSet().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		n++
		_, text := pflag.UnquoteUsage(f)
		if !strings.Contains(roff, "--"+f.Name) || !strings.Contains(roff, text) {
			t.Errorf("goqga(8) lacks --%s or its text %q", f.Name, text)
		}
		if !strings.Contains(help.String(), "--"+f.Name) {
			t.Errorf("--help lacks --%s", f.Name)
		}
	})
	if n < 20 || !strings.Contains(roff, strings.Split(config.ConfigFileHelp, "\n")[0]) {
		t.Errorf("%d options; page:\n%s", n, roff)
	}
}
