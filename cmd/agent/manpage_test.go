package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/goqga/goqga/config"
	"github.com/goqga/goqga/manpage"
)

// TestManPageMatchesHelp: every option --help lists is in goqga(8) with
// the same text, and the page's config section is --help's.
func TestManPageMatchesHelp(t *testing.T) {
	var page, help bytes.Buffer
	if code := run([]string{"--man"}, &page, &bytes.Buffer{}); code != 0 {
		t.Fatalf("--man: exit %d", code)
	}
	run([]string{"--help"}, &help, &bytes.Buffer{})
	roff := manpage.Plain(page.String())
	missing, n := manpage.Missing(page.String(), help.String(), config.FlagSet())
	for _, m := range missing {
		t.Error(m)
	}
	if n < 20 || !strings.Contains(roff, strings.Split(config.ConfigFileHelp, "\n")[0]) {
		t.Errorf("%d options; page:\n%s", n, roff)
	}
}
