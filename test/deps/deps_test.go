// Package deps keeps the OS boundary honest: in the agent (cmd/agent and
// everything it links), only os/ may import the packages that talk to the
// kernel or run programs. Host tools and test harnesses are not the agent.
package deps

import (
	"os/exec"
	"strings"
	"testing"
)

// forbidden may be imported only by packages under os/.
var forbidden = []string{"golang.org/x/sys/unix", "os/exec"}

// exceptions may import a forbidden package for a reason that does not
// touch the kernel.
var exceptions = map[string]string{
	"github.com/goqga/goqga/faults golang.org/x/sys/unix": "errno names (unix.ErrnoValue) for error(ERRNO)",
}

func TestOnlyOSTouchesTheKernel(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}} {{join .Imports " "}}`,
		"github.com/goqga/goqga/cmd/agent").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, imports := fields[0], fields[1:]
		if !strings.HasPrefix(pkg, "github.com/goqga/goqga/") || strings.HasPrefix(pkg, "github.com/goqga/goqga/os/") {
			continue
		}
		for _, imp := range imports {
			for _, f := range forbidden {
				if imp == f && exceptions[pkg+" "+imp] == "" {
					t.Errorf("%s imports %s: only packages under os/ may", pkg, f)
				}
			}
		}
	}
}
