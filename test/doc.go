// Package test holds the agent's black-box suites: each builds cmd/agent,
// starts it as a user would and talks to it only through its channel.
//   - blackbox: the protocol, CLI and config over a unix socket (--os sim).
package test
