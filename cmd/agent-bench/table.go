package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"text/tabwriter"
)

// printTable prints the medians and, with two agents, goqga's advantage:
// a ratio above 1 means goqga is better, whichever way the metric runs.
func printTable(w io.Writer, subjects []*subject, res results) {
	fmt.Fprintf(w, "machine: %d CPUs, %s/%s\n\n", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := []string{"metric", "unit"}
	for _, s := range subjects {
		header = append(header, s.name)
	}
	if len(subjects) >= 2 {
		header = append(header, "goqga advantage")
	}
	fmt.Fprintln(tw, strings.Join(header, "\t")+"\t")
	for _, m := range metrics {
		if _, ok := res[subjects[0].name][m.name]; !ok {
			continue // not run (-only)
		}
		row := []string{m.name, m.unit}
		vals := []float64{}
		for _, s := range subjects {
			got, ok := res[s.name][m.name]
			if !ok {
				row = append(row, "-")
				continue
			}
			v := median(got)
			vals = append(vals, v)
			row = append(row, fmt.Sprintf("%.1f", v))
		}
		if len(subjects) >= 2 && subjects[1].name == "qemu-ga" && len(vals) >= 2 {
			row = append(row, ratio(m, vals[0], vals[1]))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	tw.Flush()
}

func ratio(m metric, ours, theirs float64) string {
	if m.lowerBetter {
		ours, theirs = theirs, ours
	}
	if theirs == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", ours/theirs)
}
