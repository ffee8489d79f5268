package agenttest

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// StatsMessage is the message of the agent's SIGUSR1 record
// (cmd/agent/stats.go).
const StatsMessage = "goqga stats"

// Stats is the agent's own account of itself.
type Stats struct {
	Goroutines  int    `json:"goroutines"`
	HeapBytes   uint64 `json:"heap_bytes"`
	HeapObjects uint64 `json:"heap_objects"`
	RSSBytes    int64  `json:"rss_bytes"`
	Threads     int64  `json:"threads"`
	FDs         int    `json:"fds"`
}

func (s Stats) String() string {
	return fmt.Sprintf("goroutines %d, heap %.1f MB, RSS %.1f MB, threads %d, fds %d",
		s.Goroutines, float64(s.HeapBytes)/1e6, float64(s.RSSBytes)/1e6, s.Threads, s.FDs)
}

// ParseStats reads a stats record from one log line of the console
// encoder: "TIME\tinfo\tgoqga stats\t{JSON}". ok is false for any other
// line.
func ParseStats(line []byte) (Stats, bool) {
	_, rest, found := bytes.Cut(line, []byte("\t"+StatsMessage+"\t"))
	if !found {
		return Stats{}, false
	}
	var s Stats
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimSpace(rest)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil || s.Goroutines <= 0 {
		return Stats{}, false
	}
	return s, true
}
