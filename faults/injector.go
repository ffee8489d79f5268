package faults

import (
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Injector decides, per call site, whether a fault fires. Build one with
// Parse. A nil *Injector injects nothing. Safe for concurrent use: the rule
// list is immutable after Parse and counts are atomic.
type Injector struct {
	rules       []*rule
	releaseOnce sync.Once
	released    chan struct{} // closed by Release
}

// counter is the number of firings left for a counted rule.
type counter = atomic.Int64

func newInjector() *Injector {
	return &Injector{released: make(chan struct{})}
}

func (i *Injector) add(r *rule) { i.rules = append(i.rules, r) }

// Match reports the fault to apply at point for target, consuming one count
// of the first matching rule that has count left. The Fault carries point
// and target so that Apply can name them in its error or panic.
func (i *Injector) Match(point, target string) (Fault, bool) {
	if i == nil {
		return Fault{}, false
	}
	for _, r := range i.rules {
		if r.matches(point, target) && r.take() {
			f := r.fault
			f.Point, f.Target = point, target
			return f, true
		}
	}
	return Fault{}, false
}

func (r *rule) matches(point, target string) bool {
	return r.point == point && (!r.hasTarget || r.target == target)
}

// take consumes one firing. Uncounted rules always fire; counted ones fire
// while count is left, with a CAS so concurrent callers never overdraw.
func (r *rule) take() bool {
	if r.count == 0 {
		return true
	}
	for {
		n := r.left.Load()
		if n <= 0 {
			return false
		}
		if r.left.CompareAndSwap(n, n-1) {
			return true
		}
	}
}

// Hit matches and applies the fault at point for target: Match, then
// Apply. It returns nil at once when nothing matches.
func (i *Injector) Hit(point, target string) error {
	if i == nil {
		return nil
	}
	f, ok := i.Match(point, target)
	if !ok {
		return nil
	}
	return i.Apply(f)
}

// Call hits point for target and, unless a fault fires, returns fn's
// result: the whole of a faults wrapper's method for an OS call.
func Call[T any](i *Injector, point, target string, fn func() (T, error)) (T, error) {
	if err := i.Hit(point, target); err != nil {
		var zero T
		return zero, err
	}
	return fn()
}

// Apply carries out a fault that Match returned, for callers that look at
// the fault first (the channel applies drop and corrupt itself, and hands
// the rest here). It returns an *InjectedError for Error, sleeps for Delay,
// blocks until Release for Hang, panics with *InjectedPanic for Panic, and
// returns nil for None, Drop and Corrupt. On a nil Injector a hang never
// ends and a delay runs its course, since nothing can Release them.
func (i *Injector) Apply(f Fault) error {
	switch f.Action {
	case Error:
		return &InjectedError{Point: f.Point, Target: f.Target, Errno: f.Errno}
	case Delay:
		i.sleep(f.Delay)
	case Hang:
		<-i.releasedChan()
	case Panic:
		panic(&InjectedPanic{Point: f.Point, Target: f.Target})
	}
	return nil
}

// releasedChan is closed by Release; nil (never ready) on a nil Injector.
func (i *Injector) releasedChan() <-chan struct{} {
	if i == nil {
		return nil
	}
	return i.released
}

// sleep waits d, cut short by Release so shutdown never waits on a delay.
func (i *Injector) sleep(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-i.releasedChan():
	}
}

// Release unblocks every hang and cuts every delay short, now and for
// later hits: it is meant for tests and for shutdown, never to be undone.
func (i *Injector) Release() {
	if i == nil {
		return
	}
	i.releaseOnce.Do(func() { close(i.released) })
}

// Points lists the distinct points named in the spec, in spec order.
func (i *Injector) Points() []string {
	if i == nil {
		return nil
	}
	var pts []string
	seen := map[string]bool{}
	for _, r := range i.rules {
		if !seen[r.point] {
			seen[r.point] = true
			pts = append(pts, r.point)
		}
	}
	return pts
}

// String renders the spec in canonical form (counts as written, not as
// left). Parse(i.String()) yields an equivalent Injector.
func (i *Injector) String() string {
	if i == nil {
		return ""
	}
	parts := make([]string, len(i.rules))
	for n, r := range i.rules {
		parts[n] = r.String()
	}
	return strings.Join(parts, ",")
}

// InjectedError is the error Hit returns for error(E). It unwraps to the
// errno so callers and errors.Is treat it like the real failure.
type InjectedError struct {
	Point, Target string
	Errno         syscall.Errno
}

func (e *InjectedError) Error() string { return "injected fault: " + e.Errno.Error() }

// Unwrap exposes the errno: errors.Is(err, unix.EIO) and
// errors.Is(err, fs.ErrNotExist) for ENOENT both hold.
func (e *InjectedError) Unwrap() error { return e.Errno }

// InjectedPanic is the value Hit panics with for the panic action.
type InjectedPanic struct {
	Point, Target string
}

func (p *InjectedPanic) String() string {
	if p.Target == "" {
		return "injected panic at " + p.Point
	}
	return "injected panic at " + p.Point + "@" + p.Target
}

// Error makes the panic value an error too, so recover handlers that log
// errors print something useful.
func (p *InjectedPanic) Error() string { return p.String() }
