package files

import (
	"fmt"

	"github.com/goqga/goqga/command"
	osfiles "github.com/goqga/goqga/os/files"
)

// entry is one open guest file.
type entry struct {
	file osfiles.File
	path string
	mode string
}

// table is the domain's open-handle table and handle counter. It is plain
// data, changed only inside the actor, and it outlives actor restarts.
//
// Invariants: every handle in open is < next; next only grows, so a
// handle is never given out twice; len(open) <= max.
type table struct {
	max  int
	next int64
	open map[int64]*entry
}

func newTable(max int, next int64) *table {
	return &table{max: max, next: next, open: make(map[int64]*entry)}
}

// reserve returns the handle the next open will get, or why no open may
// start now. It changes nothing: add commits the handle.
func (t *table) reserve() (int64, *command.Error) {
	if len(t.open) >= t.max {
		return 0, command.Errorf("too many open files: %d handles are open, close one (--max-handles)", len(t.open))
	}
	if t.next > lastHandle {
		return 0, command.Errorf("no file handle left: the handle counter has reached %d", t.next)
	}
	return t.next, nil
}

// add records an open file under h, which must not be below next.
func (t *table) add(h int64, e *entry) {
	if h < t.next {
		panic(fmt.Sprintf("files: handle %d reused (next is %d)", h, t.next))
	}
	t.open[h] = e
	t.next = h + 1
}

// advance moves the counter to at least next (a counter read from disk).
func (t *table) advance(next int64) { t.next = max(t.next, next) }

func (t *table) get(h int64) (*entry, *command.Error) {
	e, ok := t.open[h]
	if !ok {
		return nil, command.Errorf("handle '%d' has not been found", h)
	}
	return e, nil
}

// remove takes h out of the table and returns its entry.
func (t *table) remove(h int64) (*entry, *command.Error) {
	e, err := t.get(h)
	if err == nil {
		delete(t.open, h)
	}
	return e, err
}

func (t *table) len() int { return len(t.open) }
