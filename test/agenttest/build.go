package agenttest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Package is the agent's import path.
const Package = "github.com/goqga/goqga/cmd/agent"

// Build compiles the agent into dir (with the race detector when race is
// set, so races inside the agent fail the suite that runs it) and
// returns the binary's path.
func Build(dir string, race bool) (string, error) {
	bin := filepath.Join(dir, "agent")
	args := []string{"build", "-o", bin}
	if race {
		args = append(args, "-race")
	}
	cmd := exec.Command("go", append(args, Package)...)
	cmd.Env = os.Environ()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building the agent: %v\n%s", err, out)
	}
	return bin, nil
}
