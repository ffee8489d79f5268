package blockdev

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// buildTree makes a directory tree under a temporary root from sample
// files (testdata/sysfs/README), and returns the root.
func buildTree(t *testing.T, samples ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, s := range samples {
		f, err := os.Open(filepath.Join("testdata", "sysfs", s))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			applyLine(t, root, sc.Text())
		}
		f.Close()
	}
	return root
}

func applyLine(t *testing.T, root, line string) {
	t.Helper()
	kind, rest, _ := strings.Cut(line, " ")
	path, arg, _ := strings.Cut(rest, " ")
	p := filepath.Join(root, path)
	mkdir := func(d string) {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	switch kind {
	case "link":
		mkdir(filepath.Dir(p))
		mkdir(filepath.Join(filepath.Dir(p), arg))
		if err := os.Symlink(arg, p); err != nil {
			t.Fatal(err)
		}
	case "file":
		mkdir(filepath.Dir(p))
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(arg, `\n`, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	case "dir":
		mkdir(p)
	case "":
	default:
		t.Fatalf("bad sample line %q", line)
	}
}
