package sim

import (
	"encoding/json"
	"io"
	"os"
	"sync"
)

// Journal appends one JSON object per line for every simulated side
// effect, e.g. {"op":"freeze","mount":"/home"}.
type Journal struct {
	mu sync.Mutex
	w  io.Writer
	c  io.Closer
}

// OpenJournal appends to path; "" gives a journal that records nothing.
func OpenJournal(path string) (*Journal, error) {
	if path == "" {
		return &Journal{w: io.Discard}, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	return &Journal{w: f, c: f}, nil
}

// NewJournal records to w (tests).
func NewJournal(w io.Writer) *Journal { return &Journal{w: w} }

// Record writes entry as one line. The write is a single call on an
// O_APPEND file, so concurrent readers never see half a line.
func (j *Journal) Record(entry map[string]any) {
	b, err := json.Marshal(entry)
	if err != nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	_, _ = j.w.Write(append(b, '\n'))
}

// Close closes the journal's file.
func (j *Journal) Close() error {
	if j.c == nil {
		return nil
	}
	return j.c.Close()
}
