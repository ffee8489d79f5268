package main

import (
	"fmt"
	"os"
	"sort"
)

// results[subject][metric] holds one value per round.
type results map[string]map[string][]float64

func run(subjects []*subject, rounds int, dir string) (results, error) {
	data, err := makeData(dir)
	if err != nil {
		return nil, err
	}
	res := results{}
	for _, s := range subjects {
		res[s.name] = map[string][]float64{}
	}
	for r := 0; r < rounds; r++ {
		for i := range subjects {
			// Alternate the order so neither agent always runs on a
			// machine warmed (or loaded) by the other.
			s := subjects[(i+r)%len(subjects)]
			fmt.Fprintf(os.Stderr, "round %d/%d: %s\n", r+1, rounds, s.name)
			if err := once(s, data, res[s.name]); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

func once(s *subject, data string, into map[string][]float64) error {
	startup, err := s.start()
	if err != nil {
		return err
	}
	defer s.stop()
	vals := map[string]float64{}
	if !s.noProcStats {
		vals["start-up to first reply"] = float64(startup.Microseconds()) / 1000
	}
	if err := measureAll(s, data, vals); err != nil {
		return err
	}
	for k, v := range vals {
		into[k] = append(into[k], v)
	}
	return nil
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}
