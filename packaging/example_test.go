package packaging

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goqga/goqga/config"
)

// TestExampleConfig: with every key uncommented (but allow-rpcs, which
// cannot go with block-rpcs), the example config is read with no warning,
// and it mentions every option -D prints.
func TestExampleConfig(t *testing.T) {
	b, err := os.ReadFile("qemu-ga.conf.example")
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`(?m)^#([a-z-]+)=`)
	text := key.ReplaceAllString(string(b), "$1=")
	text = strings.Replace(text, "\nallow-rpcs=", "\n#allow-rpcs=", 1)
	p := filepath.Join(t.TempDir(), "qemu-ga.conf")
	must(t, os.WriteFile(p, []byte(text), 0o644))
	c, _, err := config.Parse([]string{"-c", p}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings) > 0 || len(c.BlockRPCs) == 0 || c.FreezeTimeout == 0 {
		t.Errorf("example read as %+v", c)
	}
	var dump strings.Builder
	c.Dump(&dump)
	for _, line := range strings.Split(dump.String(), "\n") {
		k, _, ok := strings.Cut(line, "=")
		if ok && !strings.Contains(string(b), "#"+k+"=") && !internal[k] {
			t.Errorf("packaging/qemu-ga.conf.example does not mention the option %s: add it, commented, with a line on what it does", k)
		}
	}
}

// internal are options for testing, not for a guest's config.
var internal = map[string]bool{"daemon": true, "os": true, "faults": true, "sim-config": true, "sim-journal": true, "sim-root": true}
