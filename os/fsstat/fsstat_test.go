package fsstat

import (
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/goqga/goqga/os/sim"
)

// Linux answers what statfs(2) says of the same path, f_frsize as the
// fragment size.
func TestLinux(t *testing.T) {
	u, err := Linux{}.Statvfs("/")
	var st unix.Statfs_t
	if err != nil || unix.Statfs("/", &st) != nil {
		t.Fatal(err)
	}
	if u.Blocks != st.Blocks || u.Frsize == 0 || u.Bavail > u.Bfree || u.Bfree > u.Blocks {
		t.Errorf("Statvfs(/) = %+v, statfs %+v", u, st)
	}
	if _, err := (Linux{}).Statvfs("/no/such/mount"); err != syscall.ENOENT {
		t.Errorf("missing path: %v", err)
	}
}

func TestSim(t *testing.T) {
	s, err := NewSim(&sim.World{Storage: sim.Storage{Usage: map[string]sim.Usage{
		"/": {Size: 8192, Free: 4096, Avail: 2048, Frsize: 1024}, "/d": {Size: 40960, Free: 8192, Avail: 4096},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if u, _ := s.Statvfs("/"); u != (Usage{Blocks: 8, Bfree: 4, Bavail: 2, Frsize: 1024}) {
		t.Errorf("/: %+v", u)
	}
	if u, _ := s.Statvfs("/d"); u != (Usage{Blocks: 10, Bfree: 2, Bavail: 1, Frsize: 4096}) {
		t.Errorf("/d: %+v", u)
	}
	if _, err := s.Statvfs("/x"); err != syscall.ENOENT {
		t.Errorf("/x: %v", err)
	}
}
