package hotplug

import (
	"bytes"
	"errors"
	"syscall"
	"testing"

	"github.com/goqga/goqga/os/sim"
)

func TestSim(t *testing.T) {
	var journal bytes.Buffer
	w := &sim.World{Kernel: sim.DefaultKernel()}
	s, err := NewSim(w, sim.NewJournal(&journal))
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		do      func() (bool, error)
		changed bool
		errno   syscall.Errno
		err     string
	}{
		{func() (bool, error) { return s.SetCPU(1, false) }, true, 0, ""},
		{func() (bool, error) { return s.SetCPU(1, false) }, false, 0, ""},
		{func() (bool, error) { return s.SetCPU(0, false) }, false, 0, "logical processor #0 can't be offlined"},
		{func() (bool, error) { return s.SetCPU(0, true) }, false, 0, ""},
		{func() (bool, error) { return s.SetCPU(5, true) }, false, syscall.ENOENT, ""},
		{func() (bool, error) { return s.SetMemoryBlock(0, false) }, false, syscall.EBUSY, ""},
		{func() (bool, error) { return s.SetMemoryBlock(3, false) }, true, 0, ""},
		{func() (bool, error) { return s.SetMemoryBlock(9, false) }, false, syscall.ENOENT, "no such memory block"},
	}
	for i, st := range steps {
		changed, err := st.do()
		var errno syscall.Errno
		errors.As(err, &errno)
		if changed != st.changed || errno != st.errno || (st.err != "" && (err == nil || !bytes.Contains([]byte(err.Error()), []byte(st.err)))) ||
			(st.err == "" && st.errno == 0 && err != nil) {
			t.Errorf("step %d: %v, %v", i, changed, err)
		}
	}
	cpus, _ := s.CPUs()
	blocks, _ := s.MemoryBlocks()
	if cpus[1].Online || !cpus[0].Online || blocks[3].Online || !blocks[0].Online {
		t.Errorf("state after: %+v %+v", cpus, blocks)
	}
	want := `{"cpu":1,"online":false,"op":"set-vcpu"}` + "\n" + `{"block":3,"online":false,"op":"set-memory-block"}` + "\n"
	if journal.String() != want {
		t.Errorf("journal %q, want %q", journal.String(), want)
	}
	// The last online CPU cannot go: cpu0 is fixed, so make a guest of
	// two hotpluggable ones.
	w.Kernel.CPUs = []sim.CPU{{ID: 0, Online: true, Hotpluggable: true}, {ID: 1, Online: false, Hotpluggable: true}}
	s, _ = NewSim(w, sim.NewJournal(&journal))
	if _, err := s.SetCPU(0, false); !errors.Is(err, syscall.EBUSY) {
		t.Errorf("offlining the last CPU: %v", err)
	}
	w.Kernel.Memory = nil
	s, _ = NewSim(w, sim.NewJournal(&journal))
	if _, err := s.MemoryBlocks(); err != ErrNoMemory {
		t.Errorf("no memory: %v", err)
	}
	if _, err := s.SetMemoryBlock(1, true); !errors.Is(err, ErrUnsupported) {
		t.Errorf("no memory: %v", err)
	}
	w.Kernel.CPUs = append(w.Kernel.CPUs, sim.CPU{ID: 1})
	if _, err := NewSim(w, nil); err == nil {
		t.Error("a CPU listed twice was taken")
	}
}
