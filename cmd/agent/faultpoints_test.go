package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/goqga/goqga/faults"
)

// TestREADMEFaultPoints keeps the README's fault-point table and the
// code's declarations (faults.Declare) the same list: a point added
// without a README row, or a row for a point that is gone, fails here.
func TestREADMEFaultPoints(t *testing.T) {
	declareActorPoints()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	row := regexp.MustCompile("(?m)^\\| (`[a-z][^|]*)\\|")
	name := regexp.MustCompile("`((?:os|channel)\\.[a-z0-9_.-]+)`")
	for _, m := range row.FindAllStringSubmatch(string(readme), -1) {
		for _, n := range name.FindAllStringSubmatch(m[1], -1) {
			documented = append(documented, n[1])
		}
	}
	var declared []string
	for _, p := range faults.Declared() {
		if !strings.HasPrefix(p.Name, "actor.") {
			declared = append(declared, p.Name)
		}
	}
	slices.Sort(documented)
	documented = slices.Compact(documented)
	for _, d := range declared {
		if !slices.Contains(documented, d) {
			t.Errorf("fault point %s is declared in the code but has no row in README.md's fault table", d)
		}
	}
	for _, d := range documented {
		if !slices.Contains(declared, d) {
			t.Errorf("README.md's fault table lists %s, which the code does not declare", d)
		}
	}
	for _, d := range domains {
		if !slices.ContainsFunc(faults.Declared(), func(p faults.Point) bool { return p.Name == "actor."+d.name }) {
			t.Errorf("domain %s has no actor point", d.name)
		}
	}
}

// TestUnknownFaultPointStopsAgent: a typo in --faults stops the agent at
// start-up with the list of valid points, instead of injecting nothing.
func TestUnknownFaultPointStopsAgent(t *testing.T) {
	for _, spec := range []string{"os.freez=error(EIO)", "actor.nonexistent=panic", "channel.read@x=error(EIO)"} {
		var out, errb strings.Builder
		dir := t.TempDir()
		code := run([]string{"-m", "unix-listen", "-p", dir + "/s", "-t", dir, "--os", "sim", "--faults", spec}, &out, &errb)
		if code == 0 || !strings.Contains(errb.String(), "invalid --faults") {
			t.Errorf("%s: exit %d, stderr %q", spec, code, errb.String())
		}
		if !strings.Contains(spec, "@") && !strings.Contains(errb.String(), "os.freeze, ") {
			t.Errorf("%s: the error does not list the valid points: %q", spec, errb.String())
		}
	}
}
