package hotplug

import (
	"time"

	"github.com/goqga/goqga/os/deadline"
)

// Deadlines of the calls WithDeadlines bounds. A read of a CPU's online
// file waits for that CPU's device lock, which a hotplug operation stuck
// in the kernel holds; offlining a memory block migrates its pages and
// retries until it succeeds or is interrupted, which can be forever.
const (
	ReadDeadline  = 5 * time.Second
	WriteDeadline = 60 * time.Second
)

// WithDeadlines runs each call of s on its own goroutine and stops waiting
// after read (listings, the block size) or write (a set) time: the
// hardware domain's lane never stalls on a hung hotplug. A call that
// timed out still runs in the kernel; until it returns, the same call
// (any write, for the setters) is refused at once with deadline.ErrBusy
// instead of piling up another stuck thread.
func WithDeadlines(s Source, read, write time.Duration) Source {
	return bounded{s: s, g: &deadline.Guard{}, read: read, write: write}
}

type bounded struct {
	s           Source
	g           *deadline.Guard
	read, write time.Duration
}

func (b bounded) CPUs() ([]CPU, error) { return deadline.Run(b.g, "cpus", b.read, b.s.CPUs) }

func (b bounded) SetCPU(id int64, online bool) (bool, error) {
	return deadline.Run(b.g, "set", b.write, func() (bool, error) { return b.s.SetCPU(id, online) })
}

func (b bounded) MemoryBlocks() ([]MemoryBlock, error) {
	return deadline.Run(b.g, "memory", b.read, b.s.MemoryBlocks)
}

func (b bounded) SetMemoryBlock(index uint64, online bool) (bool, error) {
	return deadline.Run(b.g, "set", b.write, func() (bool, error) { return b.s.SetMemoryBlock(index, online) })
}

func (b bounded) MemoryBlockSize() (uint64, error) {
	return deadline.Run(b.g, "size", b.read, b.s.MemoryBlockSize)
}
