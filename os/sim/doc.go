// Package sim is the simulated guest behind --os sim: a World (mounts,
// network interfaces, power support) that the domains' sim backends read
// and change, and a Journal where every simulated side effect is written
// as one JSON line, so black-box tests can see what the OS was asked to do.
//
// The simulation never touches the real machine: freezing a simulated
// mount, shutting down or suspending only changes the World and writes the
// Journal. That is what makes the dangerous commands testable on a
// development or CI machine.
//
// Invariants: a World is owned by the actor of the domain that changes it
// (each domain changes only its own part); the Journal is safe for
// concurrent use and writes whole lines.
package sim
