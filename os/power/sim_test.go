package power

import (
	"bytes"
	"testing"

	"github.com/goqga/goqga/faults"
	"github.com/goqga/goqga/os/sim"
)

func TestSim(t *testing.T) {
	var j bytes.Buffer
	s := NewSim(sim.Default(), sim.NewJournal(&j))
	if err := s.Shutdown(Reboot); err != nil {
		t.Fatal(err)
	}
	if err := s.Suspend(RAM); err != nil {
		t.Fatal(err)
	}
	if err := s.Suspend(Disk); err != nil {
		t.Fatal(err)
	}
	if err := s.Suspend(Hybrid); err != ErrUnsupported {
		t.Fatalf("hybrid: %v", err)
	}
	want := `{"mode":"reboot","op":"shutdown"}
{"mode":"ram","op":"suspend"}
{"mode":"disk","op":"suspend"}
`
	if j.String() != want {
		t.Fatalf("journal:\n%s\nwant:\n%s", j.String(), want)
	}
}

func TestFaults(t *testing.T) {
	inj, err := faults.Parse("os.shutdown@halt=error(EIO),os.suspend@ram=error(EBUSY)*1")
	if err != nil {
		t.Fatal(err)
	}
	var j bytes.Buffer
	p := WithFaults(NewSim(sim.Default(), sim.NewJournal(&j)), inj)
	steps := []struct {
		call func() error
		err  string
	}{
		{func() error { return p.Shutdown(Halt) }, "injected fault: input/output error"},
		{func() error { return p.Shutdown(Powerdown) }, ""},
		{func() error { return p.Suspend(RAM) }, "injected fault: device or resource busy"},
		{func() error { return p.Suspend(RAM) }, ""},
	}
	for i, s := range steps {
		if got := errText(s.call()); got != s.err {
			t.Errorf("step %d: %q, want %q", i, got, s.err)
		}
	}
	// A fault that fires keeps the backend from acting.
	want := "{\"mode\":\"powerdown\",\"op\":\"shutdown\"}\n{\"mode\":\"ram\",\"op\":\"suspend\"}\n"
	if j.String() != want {
		t.Fatalf("journal:\n%s\nwant:\n%s", j.String(), want)
	}
	if WithFaults(p, nil) != p {
		t.Fatal("a nil injector must not wrap")
	}
}
