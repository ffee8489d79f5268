package faults

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// wantActions is quoted in "unknown action" errors.
const wantActions = "want error(ERRNO), delay(D), hang, panic, drop, corrupt"

// rule is one parsed item of a spec.
type rule struct {
	point     string
	target    string
	hasTarget bool
	fault     Fault
	errnoName string // as written, so String round-trips aliases
	count     int64  // 0: unlimited
	left      counter
}

// Parse parses a fault spec (see the package documentation). An empty or
// all-blank spec yields a nil Injector, which injects nothing.
func Parse(spec string) (*Injector, error) {
	if strings.TrimSpace(spec) == "" {
		return nil, nil
	}
	inj := newInjector()
	for _, item := range splitItems(spec) {
		r, err := parseItem(strings.TrimSpace(item))
		if err != nil {
			return nil, fmt.Errorf("fault %q: %w", strings.TrimSpace(item), err)
		}
		inj.add(r)
	}
	return inj, nil
}

// splitItems splits on commas outside parentheses. No action takes a comma
// today, but splitting this way keeps "error(EIO,x)" one (bad) item with a
// clear error instead of two confusing ones.
func splitItems(spec string) []string {
	var items []string
	depth, start := 0, 0
	for i := 0; i < len(spec); i++ {
		switch spec[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ',':
			if depth == 0 {
				items = append(items, spec[start:i])
				start = i + 1
			}
		}
	}
	return append(items, spec[start:])
}

func parseItem(item string) (*rule, error) {
	if item == "" {
		return nil, fmt.Errorf("empty item (want POINT[@TARGET]=ACTION[*COUNT])")
	}
	// Split at the last '=': actions never contain one, targets may.
	eq := strings.LastIndexByte(item, '=')
	if eq < 0 {
		return nil, fmt.Errorf("missing \"=\" (want POINT[@TARGET]=ACTION[*COUNT])")
	}
	r := &rule{}
	if err := r.parseWhere(strings.TrimSpace(item[:eq])); err != nil {
		return nil, err
	}
	if err := r.parseWhat(strings.TrimSpace(item[eq+1:])); err != nil {
		return nil, err
	}
	return r, nil
}

// parseWhere parses POINT[@TARGET].
func (r *rule) parseWhere(s string) error {
	point, target, hasTarget := strings.Cut(s, "@")
	if err := checkPoint(point); err != nil {
		return err
	}
	if hasTarget && target == "" {
		return fmt.Errorf("empty target after \"@\"")
	}
	r.point, r.target, r.hasTarget = point, target, hasTarget
	return nil
}

var pointPrefixes = []string{"os.", "actor.", "channel."}

func checkPoint(p string) error {
	if p == "" {
		return fmt.Errorf("missing point (want os.CALL, actor.DOMAIN, channel.read or channel.write)")
	}
	if strings.HasPrefix(p, "channel.") && !slices.Contains(channelPoints, p) {
		return fmt.Errorf("unknown point %q (the channel has channel.read and channel.write)", p)
	}
	for _, prefix := range pointPrefixes {
		if name, ok := strings.CutPrefix(p, prefix); ok {
			return checkPointName(p, name)
		}
	}
	return fmt.Errorf("unknown point %q (want os.CALL, actor.DOMAIN, channel.read or channel.write)", p)
}

// channelPoints are the channel's only points.
var channelPoints = []string{"channel.read", "channel.write"}

func checkPointName(p, name string) error {
	if name == "" {
		return fmt.Errorf("point %q has an empty name after the prefix", p)
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return fmt.Errorf("point %q has a bad character %q (want [a-z0-9_.-])", p, c)
		}
	}
	return nil
}

// parseWhat parses ACTION[*COUNT].
func (r *rule) parseWhat(s string) error {
	if star := strings.LastIndexByte(s, '*'); star >= 0 {
		n, err := strconv.ParseInt(strings.TrimSpace(s[star+1:]), 10, 64)
		if err != nil || n <= 0 {
			return fmt.Errorf("bad count %q (want a positive integer)", s[star+1:])
		}
		r.count = n
		r.left.Store(n)
		s = strings.TrimSpace(s[:star])
	}
	if err := r.parseAction(s); err != nil {
		return err
	}
	return r.checkActionFits()
}

// checkActionFits refuses an action its point cannot carry out. drop and
// corrupt act on replies: channel.write only. A panic is meant to crash
// a supervised actor; the channel's reader and writer are plain
// goroutines, where it would crash the whole agent, which no fault is
// meant to do.
func (r *rule) checkActionFits() error {
	a, p := r.fault.Action, r.point
	switch {
	case (a == Drop || a == Corrupt) && p != "channel.write":
		if !strings.HasPrefix(p, "channel.") {
			return fmt.Errorf("action %s applies only to channel points, not %q", a, p)
		}
		return fmt.Errorf("action %s applies only to channel.write, not %q", a, p)
	case a == Panic && strings.HasPrefix(p, "channel."):
		return fmt.Errorf("action panic applies only to os and actor points, not %q (the channel is not supervised: use error, delay or hang)", p)
	}
	return nil
}

func (r *rule) parseAction(s string) error {
	switch s {
	case "hang":
		r.fault.Action = Hang
	case "panic":
		r.fault.Action = Panic
	case "drop":
		r.fault.Action = Drop
	case "corrupt":
		r.fault.Action = Corrupt
	default:
		return r.parseCall(s)
	}
	return nil
}

// parseCall parses the actions with an argument: error(ERRNO), delay(D).
func (r *rule) parseCall(s string) error {
	name, arg, ok := strings.Cut(s, "(")
	if !ok || !strings.HasSuffix(arg, ")") || (name != "error" && name != "delay") {
		return fmt.Errorf("unknown action %q (%s)", s, wantActions)
	}
	arg = strings.TrimSpace(strings.TrimSuffix(arg, ")"))
	if name == "error" {
		return r.parseErrno(arg)
	}
	return r.parseDelay(arg)
}

func (r *rule) parseErrno(name string) error {
	e, ok := errnoByName()[name]
	if !ok {
		return fmt.Errorf("unknown errno %q (want a symbolic name such as EIO, ENOSPC, EBUSY)", name)
	}
	r.fault = Fault{Action: Error, Errno: e}
	r.errnoName = name
	return nil
}

func (r *rule) parseDelay(arg string) error {
	d, err := time.ParseDuration(arg)
	if err != nil || d < 0 {
		return fmt.Errorf("bad delay %q (want a non-negative Go duration such as 250ms)", arg)
	}
	r.fault = Fault{Action: Delay, Delay: d}
	return nil
}

// String renders the rule in spec syntax; Parse(r.String()) yields an
// equivalent rule.
func (r *rule) String() string {
	var b strings.Builder
	b.WriteString(r.point)
	if r.hasTarget {
		b.WriteString("@" + r.target)
	}
	b.WriteString("=")
	switch r.fault.Action {
	case Error:
		b.WriteString("error(" + r.errnoName + ")")
	case Delay:
		b.WriteString("delay(" + r.fault.Delay.String() + ")")
	default:
		b.WriteString(r.fault.Action.String())
	}
	if r.count > 0 {
		b.WriteString("*" + strconv.FormatInt(r.count, 10))
	}
	return b.String()
}
