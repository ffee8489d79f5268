package supervisor

// Done tells the supervisor that a domain actor has answered a request.
// Every domain actor sends one to its parent (the supervisor) after each
// reply, crashes included, so the supervisor knows which commands are
// still running; the freeze domain's also say whether filesystems may be
// frozen now. Done is the only message the supervisor needs from its
// children.
type Done struct {
	Domain   string
	Gen, Seq uint64 // the request's place in the reply order
	// Internal marks work a domain gave itself (the freeze watchdog's
	// thaw, the thaw before exit): no host request, but its state counts.
	Internal bool
	// Frozen is the freeze domain's state after the request: true while
	// any filesystem may be frozen (frozen, or unknown after a crash).
	// Nil from the other domains.
	Frozen *bool
}
