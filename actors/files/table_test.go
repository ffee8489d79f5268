package files

import (
	"strings"
	"testing"
)

func TestTable(t *testing.T) {
	tab := newTable(2, FirstHandle)
	steps := []struct {
		op   string // reserve+add, get, remove
		h    int64
		want string // error text, "" for success
	}{
		{"add", 1000, ""},
		{"add", 1001, ""},
		{"add", 0, "too many open files: 2 handles are open, close one (--max-handles)"},
		{"get", 1000, ""},
		{"get", 999, "handle '999' has not been found"},
		{"remove", 1000, ""},
		{"remove", 1000, "handle '1000' has not been found"},
		{"get", 1000, "handle '1000' has not been found"},
		{"add", 1002, ""}, // a freed slot, never a freed number
		{"get", 1001, ""},
	}
	for i, s := range steps {
		var got string
		switch s.op {
		case "add":
			h, err := tab.reserve()
			if err != nil {
				got = err.Desc
				break
			}
			if h != s.h {
				t.Fatalf("step %d: reserved %d, want %d", i, h, s.h)
			}
			tab.add(h, &entry{path: "p"})
		case "get":
			if _, err := tab.get(s.h); err != nil {
				got = err.Desc
			}
		case "remove":
			if _, err := tab.remove(s.h); err != nil {
				got = err.Desc
			}
		}
		if got != s.want {
			t.Errorf("step %d %s %d: %q, want %q", i, s.op, s.h, got, s.want)
		}
	}
	if tab.len() != 2 || tab.next != 1003 {
		t.Errorf("len %d next %d", tab.len(), tab.next)
	}
}

func TestTableCounterEnds(t *testing.T) {
	tab := newTable(10, lastHandle)
	h, err := tab.reserve()
	if err != nil || h != lastHandle {
		t.Fatalf("reserve = %d, %v", h, err)
	}
	tab.add(h, &entry{})
	if _, err := tab.reserve(); err == nil || !strings.Contains(err.Desc, "no file handle left") {
		t.Fatalf("reserve past the end = %v", err)
	}
}

func TestTableRefusesReuse(t *testing.T) {
	tab := newTable(10, 1005)
	tab.advance(1000) // never backwards
	defer func() {
		if recover() == nil {
			t.Fatal("adding a handle below the counter did not panic")
		}
	}()
	tab.add(1004, &entry{})
}
