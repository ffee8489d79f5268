//go:build race

package blackbox

// raceEnabled builds the agent with -race when the suite itself runs with
// -race, so data races inside the agent fail the black-box tests too.
const raceEnabled = true
