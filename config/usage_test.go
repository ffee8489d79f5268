package config

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

func TestUsageGolden(t *testing.T) {
	var b strings.Builder
	Usage(&b)
	golden := filepath.Join("testdata", "usage.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./config -run TestUsageGolden -update)", err)
	}
	if d := cmp.Diff(string(want), b.String()); d != "" {
		t.Errorf("Usage differs from %s (-want +got); rerun with -update if intended:\n%s", golden, d)
	}
}

// TestUsageListsEveryFlag guards the generation: every registered flag,
// short and long form, appears in the help text.
func TestUsageListsEveryFlag(t *testing.T) {
	var b strings.Builder
	Usage(&b)
	text := b.String()
	newFlagSet(defaultConfig(), &parseState{}).VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return // deprecated names
		}
		if !strings.Contains(text, "--"+f.Name) {
			t.Errorf("usage lacks --%s", f.Name)
		}
		if f.Shorthand != "" && !strings.Contains(text, "-"+f.Shorthand+", --"+f.Name) {
			t.Errorf("usage lacks -%s", f.Shorthand)
		}
	})
	for _, line := range strings.Split(text, "\n") {
		if len(line) > usageWidth {
			t.Errorf("line longer than %d: %q", usageWidth, line)
		}
	}
}

func TestWrap(t *testing.T) {
	got := wrap("aa bb cc dddddddd e", 5)
	if d := cmp.Diff([]string{"aa bb", "cc", "dddddddd", "e"}, got); d != "" {
		t.Error(d)
	}
}
