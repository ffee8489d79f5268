package faults

import (
	"fmt"
	"os"
	"testing"

	"github.com/goqga/goqga/test/agenttest"
)

// agentBin is the agent, built once for the suite (with -race when the
// suite runs with -race).
var agentBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "goqga-faults")
	if err != nil {
		panic(err)
	}
	agentBin, err = agenttest.Build(dir, agenttest.Race)
	if err == nil {
		err = writeMinimalWorld()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Remove(minimalWorld)
	os.Exit(code)
}
