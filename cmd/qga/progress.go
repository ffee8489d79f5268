package main

import (
	"fmt"
	"io"
	"time"
)

// progress prints a copy's progress on one terminal line (\r), at most
// ten times a second; nothing when it is off.
type progress struct {
	w     io.Writer // nil: off
	name  string
	total int64 // -1: unknown
	n     int64
	start time.Time
	last  time.Time
}

func (s *session) newProgress(name string, total int64) *progress {
	p := &progress{name: name, total: total, start: time.Now()}
	if s.o.progress == "always" || s.o.progress == "auto" && isTerminal(s.stderr) {
		p.w = s.stderr
	}
	return p
}

func (p *progress) add(n int) {
	p.n += int64(n)
	if p.w != nil && time.Since(p.last) >= 100*time.Millisecond {
		p.last = time.Now()
		p.print("\r")
	}
}

func (p *progress) done() {
	if p.w != nil {
		p.print("\r")
		fmt.Fprintln(p.w)
	}
}

func (p *progress) print(prefix string) {
	rate := float64(p.n) / time.Since(p.start).Seconds() / (1 << 20)
	if p.total >= 0 {
		pct := 100.0
		if p.total > 0 {
			pct = float64(p.n) * 100 / float64(p.total)
		}
		fmt.Fprintf(p.w, "%s%s: %s / %s (%.0f%%) %.1f MiB/s", prefix, p.name, mib(p.n), mib(p.total), pct, rate)
		return
	}
	fmt.Fprintf(p.w, "%s%s: %s %.1f MiB/s", prefix, p.name, mib(p.n), rate)
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
