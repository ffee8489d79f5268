package main

import (
	"os"
	"strings"
	"testing"
)

// TestREADMECommandTable keeps README's command table and the registry
// one list: every command has exactly one row naming its domain, and
// every row names a command the agent serves.
func TestREADMECommandTable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start, end := strings.Index(text, "\n## Commands\n"), strings.Index(text, "\n## Flags\n")
	if start < 0 || end < start {
		t.Fatal("README.md has no Commands section before Flags")
	}
	rows := map[string]string{} // command -> domain column
	for _, line := range strings.Split(text[start:end], "\n") {
		cols := strings.Split(line, "|")
		if len(cols) < 4 || !strings.HasPrefix(strings.TrimSpace(cols[1]), "guest-") {
			continue
		}
		for _, name := range strings.Split(cols[1], ",") {
			name = strings.TrimSpace(name)
			if _, dup := rows[name]; dup {
				t.Errorf("%s has two rows", name)
			}
			rows[name] = strings.TrimSpace(cols[2])
		}
	}
	reg, err := registry()
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, spec := range reg.All() {
		served[spec.Name] = true
		domain, ok := rows[spec.Name]
		if !ok {
			t.Errorf("%s is served but has no row in README.md's command table", spec.Name)
		} else if domain != spec.Domain {
			t.Errorf("%s: README says domain %q, the registry %q", spec.Name, domain, spec.Domain)
		}
	}
	for name := range rows {
		if !served[name] {
			t.Errorf("README.md's command table lists %s, which the agent does not serve", name)
		}
	}
	if len(served) != 43 {
		t.Errorf("the agent serves %d commands; README says all 43 of qemu-ga 11.1 on Linux", len(served))
	}
}
