//go:build race

package agenttest

// Race is true when this package was built with the race detector: the
// suites then build the agent with it too.
const Race = true
