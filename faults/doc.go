// Package faults is the agent's fault-injection seam: a small spec language
// that names points in the agent (OS calls, actors, the channel) and what
// should go wrong there, and an Injector that the instrumented code asks
// "should this call fail?".
//
// # Grammar
//
//	SPEC   = ITEM { "," ITEM }
//	ITEM   = POINT [ "@" TARGET ] "=" ACTION [ "*" COUNT ]
//	POINT  = ("os." | "actor.") NAME | "channel.read" | "channel.write"
//	                                               NAME: one or more of [a-z0-9_.-]
//	ACTION = "error(" ERRNO ")" | "delay(" DURATION ")" | "hang" | "panic"
//	       | "drop" | "corrupt"                    (drop/corrupt: channel.write only;
//	                                                panic: not on channel points)
//	COUNT  = positive decimal integer
//
// Examples:
//
//	os.freeze=error(EBUSY)
//	os.open@/etc/shadow=error(EACCES)*2, channel.write=drop*1
//	actor.files=delay(250ms)
//
// ERRNO is a symbolic Linux errno name (EIO, ENOSPC, EOPNOTSUPP, ...);
// DURATION is a Go duration (time.ParseDuration). Whitespace around items
// is ignored. TARGET is matched literally (a path or a mount point); it may
// not contain "," because items are split on top-level commas. The item is
// split at its last "=" and its action at the last "*", so a TARGET may
// contain "=" and "*".
//
// # Points
//
// Every point is declared by the code that fires it (Declare, from a
// package variable), with where it fires and what its target names. The
// agent checks a spec against the declarations (CheckDeclared) before it
// starts, so a point nobody fires is an error, not a silent no-op.
//
// # Semantics
//
//   - Rules are tried in spec order; the first rule whose point matches and
//     whose target matches (equal, or the rule has no target) and which has
//     count left fires. A rule with *COUNT fires for its first COUNT hits
//     only, then is skipped, so later rules for the same point take over.
//   - A nil *Injector is valid and injects nothing; Hit and Match on nil
//     return at once, so the seam costs one nil check in production when no
//     --faults spec is given.
//   - An Injector is safe for concurrent use. Counts are consumed with
//     atomic compare-and-swap: with COUNT n, exactly n concurrent hits fire.
//   - Hit(point, target) is Match followed by Apply. Callers that must
//     see the fault first (the channel, for drop and corrupt) call Match
//     and then Apply themselves; the effects below are Apply's.
//   - error(E): Hit returns an *InjectedError that unwraps to the
//     syscall.Errno, so errors.Is(err, unix.EIO) holds.
//   - delay(D): Hit sleeps D (or until Release) and returns nil.
//   - hang: Hit blocks until Release is called. Production code never calls
//     Release except at shutdown, so there a hang is, in effect, forever:
//     that is the point (a wedged filesystem, a stuck device). Release is
//     sticky: hangs that start after it return at once.
//   - panic: Hit panics with a *InjectedPanic naming the point and target,
//     so supervisors and tests can tell an injected crash from a real one.
//   - drop, corrupt: Hit returns nil; the channel asks Match and applies
//     them itself.
package faults
