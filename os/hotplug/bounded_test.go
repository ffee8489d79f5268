package hotplug

import (
	"errors"
	"testing"
	"time"

	"github.com/goqga/goqga/os/deadline"
)

// stuck is a Source whose calls wait for release, as a hotplug stuck in
// the kernel does.
type stuck struct{ release chan struct{} }

func (s stuck) CPUs() ([]CPU, error)                      { <-s.release; return []CPU{{ID: 0, Online: true}}, nil }
func (s stuck) SetCPU(int64, bool) (bool, error)          { <-s.release; return true, nil }
func (s stuck) MemoryBlocks() ([]MemoryBlock, error)      { <-s.release; return nil, nil }
func (s stuck) SetMemoryBlock(uint64, bool) (bool, error) { <-s.release; return true, nil }
func (s stuck) MemoryBlockSize() (uint64, error)          { <-s.release; return 1, nil }

func TestWithDeadlines(t *testing.T) {
	s := stuck{release: make(chan struct{})}
	b := WithDeadlines(s, 20*time.Millisecond, 40*time.Millisecond)
	var te *deadline.TimeoutError
	start := time.Now()
	if _, err := b.SetMemoryBlock(3, false); !errors.As(err, &te) {
		t.Fatalf("a stuck write: %v, want a timeout", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatalf("the write deadline took %v", time.Since(start))
	}
	// While it is stuck, every write is refused at once; reads still time
	// out on their own deadline.
	if _, err := b.SetCPU(1, false); !errors.Is(err, deadline.ErrBusy) {
		t.Fatalf("a write behind a stuck one: %v, want ErrBusy", err)
	}
	if _, err := b.CPUs(); !errors.As(err, &te) {
		t.Fatalf("a stuck read: %v", err)
	}
	close(s.release) // the kernel lets go
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if changed, err := b.SetCPU(1, false); err == nil && changed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("writes still refused after the stuck one returned")
		}
	}
	if size, err := b.MemoryBlockSize(); err != nil || size != 1 {
		t.Fatalf("a read after: %d, %v", size, err)
	}
}
