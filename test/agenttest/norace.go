//go:build !race

package agenttest

// Race is true when this package was built with the race detector.
const Race = false
