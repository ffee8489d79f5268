// Package test holds the agent's black-box suites: each builds cmd/agent,
// starts it as a user would and talks to it only through its channel.
//   - blackbox: the protocol, CLI and config over a unix socket (--os sim).
//   - vm: real guests under QEMU, the agent on a real virtio-serial port
//     (cases built with -tags vm; docs/VM.md).
//   - faults: every --faults point against the invariant it threatens;
//     adversarial: hostile input with resyncs; soak: a long mixed load
//     (cmd/soak runs a million requests); agenttest: the harness they
//     share (docs/ROBUSTNESS.md).
package test
