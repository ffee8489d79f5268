package faults

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Point describes one fault point the agent has: its name, where it
// fires, and what its target names ("" when the point takes no target).
type Point struct {
	Name   string
	Where  string
	Target string
}

// registry holds every declared point. Points are declared from package
// variables (init time), read once the agent parses --faults.
var registry = struct {
	sync.Mutex
	points map[string]Point
}{points: map[string]Point{}}

func init() {
	Declare("channel.read", "before each read from the host", "")
	Declare("channel.write", "before each batch of replies is written", "")
}

// Declare registers a point and returns its name, so the code that fires
// it can keep the name in a variable: var pointOpen = faults.Declare(...).
// Declaring a name twice with different descriptions panics: two places
// would claim one point.
func Declare(name, where, target string) string {
	if err := checkPoint(name); err != nil {
		panic(fmt.Sprintf("faults.Declare: %v", err))
	}
	registry.Lock()
	defer registry.Unlock()
	p := Point{Name: name, Where: where, Target: target}
	if old, ok := registry.points[name]; ok && old != p {
		panic(fmt.Sprintf("faults.Declare: point %q declared twice", name))
	}
	registry.points[name] = p
	return name
}

// Declared lists every declared point, sorted by name.
func Declared() []Point {
	registry.Lock()
	defer registry.Unlock()
	out := make([]Point, 0, len(registry.points))
	for _, p := range registry.points {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Point) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// CheckDeclared refuses a spec that names a point nobody declared, or
// gives a target to a point that takes none, so a typo
// (os.freez=error(EIO)) stops the agent instead of silently injecting
// nothing. The error lists the valid points.
func (i *Injector) CheckDeclared() error {
	if i == nil {
		return nil
	}
	known := map[string]Point{}
	for _, p := range Declared() {
		known[p.Name] = p
	}
	for _, r := range i.rules {
		p, ok := known[r.point]
		if !ok {
			return fmt.Errorf("unknown fault point %q; valid points: %s", r.point, pointNames(known))
		}
		if r.hasTarget && p.Target == "" {
			return fmt.Errorf("fault point %q takes no @target (got %q)", r.point, r.target)
		}
	}
	return nil
}

func pointNames(known map[string]Point) string {
	names := make([]string, 0, len(known))
	for n := range known {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}
