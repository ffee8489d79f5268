package faults

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// definedPoints reads the agent's source for the fault points it defines:
// every literal "os.X" or "channel.X" passed to Hit, Match or
// faults.Declare, and actor.<domain> for every domain (actors/*, const Name).
func definedPoints(t *testing.T) []string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`\.(?:Hit|Match|Declare)\("((?:os|channel)\.[a-z0-9_.-]+)"`)
	domain := regexp.MustCompile(`(?m)^const Name = "([a-z0-9_-]+)"`)
	seen := map[string]bool{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() && (rel == "test" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range call.FindAllSubmatch(b, -1) {
			seen[string(m[1])] = true
		}
		if strings.HasPrefix(rel, "actors"+string(filepath.Separator)) {
			for _, m := range domain.FindAllSubmatch(b, -1) {
				seen["actor."+string(m[1])] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// coveredPoints are the points this suite drives.
func coveredPoints() []string {
	var out []string
	for _, c := range osCases {
		out = append(out, c.point)
	}
	for _, s := range freezeSpecs {
		point, _, _ := strings.Cut(s, "=")
		point, _, _ = strings.Cut(point, "@")
		out = append(out, point)
	}
	for _, c := range actorCases {
		out = append(out, "actor."+c.domain)
	}
	return append(out, "channel.read", "channel.write")
}

// Every fault point the agent defines is driven by this suite: a new
// os.* call or domain without a case here fails.
func TestEveryPointCovered(t *testing.T) {
	defined := definedPoints(t)
	if len(defined) < 20 || !slices.Contains(defined, "os.open") || !slices.Contains(defined, "actor.core") {
		t.Fatalf("the source scan found too little: %v", defined)
	}
	covered := coveredPoints()
	for _, p := range defined {
		if !slices.Contains(covered, p) {
			t.Errorf("fault point %s is not driven by test/faults: add a case", p)
		}
	}
	t.Logf("%d points: %v", len(defined), defined)
}
