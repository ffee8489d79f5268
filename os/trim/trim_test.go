package trim

import (
	"bytes"
	"errors"
	"syscall"
	"testing"
	"unsafe"

	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/os/sim"
)

// FITRIM must be _IOWR('X', 121, struct fstrim_range): a wrong number
// would send some other ioctl to every filesystem. The ioctl itself is
// never issued here (only inside the VM suite's guest).
func TestIoctlNumber(t *testing.T) {
	size := uint(unsafe.Sizeof(fstrimRange{}))
	if got := 3<<30 | size<<16 | 'X'<<8 | 121; size != 24 || got != FITRIM {
		t.Errorf("FITRIM = %#x, _IOWR('X',121,struct fstrim_range) = %#x (size %d)", FITRIM, got, size)
	}
}

// The simulated guest: listed results, else the mount's free bytes,
// else 0; errors as errnos; one journal line per successful trim.
func TestSim(t *testing.T) {
	var j bytes.Buffer
	w := &sim.World{Storage: sim.Storage{
		Usage: map[string]sim.Usage{"/": {Size: 100, Free: 40, Avail: 30}},
		Trim:  map[string]sim.Trim{"/ro": {Error: "EROFS"}, "/t": {Trimmed: 7}},
	}}
	s, err := NewSim(w, sim.NewJournal(&j))
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]uint64{"/": 40, "/t": 7, "/none": 0} {
		if r, err := s.Trim(path, 512); err != nil || r.Trimmed != want || r.Minimum != 512 {
			t.Errorf("%s: %+v %v, want %d", path, r, err, want)
		}
	}
	_, err = s.Trim("/ro", 0)
	var op *OpError
	if !errors.As(err, &op) || !errors.Is(err, syscall.EROFS) || err.Error() != "failed to trim: Read-only file system" {
		t.Errorf("/ro: %v", err)
	}
	if n := bytes.Count(j.Bytes(), []byte(`"op":"fstrim"`)); n != 3 {
		t.Errorf("%d journal lines:\n%s", n, j.String())
	}
	if _, err := NewSim(&sim.World{Storage: sim.Storage{Trim: map[string]sim.Trim{"/": {Error: "EBOGUS"}}}}, nil); err == nil {
		t.Error("an unknown errno was accepted")
	}
}

// An injected error is a failed trim with its errno.
func TestFaults(t *testing.T) {
	inj, err := faults.Parse("os.fitrim@/x=error(EIO)")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := NewSim(&sim.World{}, sim.NewJournal(&bytes.Buffer{}))
	if _, err := WithFaults(s, inj).Trim("/x", 0); err == nil || err.Error() != "failed to trim: Input/output error" {
		t.Errorf("got %v", err)
	}
}
