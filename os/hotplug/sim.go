package hotplug

import (
	"fmt"
	"sync"
	"syscall"

	"github.com/goqga/goqga/os/sim"
)

// Sim is the simulated guest's vCPUs and memory blocks. It owns a copy of
// the World's: the hardware domain is its only user.
type Sim struct {
	mu      sync.Mutex
	cpus    []sim.CPU
	mem     *sim.Memory
	journal *sim.Journal
}

// NewSim checks w's CPUs and memory blocks (ids unique, within the
// bounds) and serves them; changes are journaled to j.
func NewSim(w *sim.World, j *sim.Journal) (*Sim, error) {
	k := w.Kernel
	if len(k.CPUs) > MaxCPUs {
		return nil, ErrTooMany
	}
	seen := map[int64]bool{}
	for _, c := range k.CPUs {
		if seen[c.ID] || c.ID < 0 {
			return nil, fmt.Errorf("sim cpu %d: listed twice or negative", c.ID)
		}
		seen[c.ID] = true
	}
	s := &Sim{cpus: append([]sim.CPU(nil), k.CPUs...), journal: j}
	if k.Memory != nil {
		if len(k.Memory.Blocks) > MaxMemoryBlocks {
			return nil, ErrTooMany
		}
		blocks := map[uint64]bool{}
		for _, b := range k.Memory.Blocks {
			if blocks[b.Index] {
				return nil, fmt.Errorf("sim memory block %d listed twice", b.Index)
			}
			blocks[b.Index] = true
		}
		s.mem = &sim.Memory{BlockSize: k.Memory.BlockSize, Blocks: append([]sim.MemoryBlock(nil), k.Memory.Blocks...)}
	}
	return s, nil
}

// CPUs lists the simulated CPUs in the World's order.
func (s *Sim) CPUs() ([]CPU, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]CPU, len(s.cpus))
	for i, c := range s.cpus {
		out[i] = CPU{ID: c.ID, Online: c.Online || !c.Hotpluggable, CanOffline: c.Hotpluggable}
	}
	return out, nil
}

// SetCPU changes a hotpluggable CPU; offlining the last online CPU fails
// with EBUSY, as the kernel refuses it.
func (s *Sim) SetCPU(id int64, online bool) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.cpu(id)
	switch {
	case i < 0:
		return false, &simErr{fmt.Sprintf("cpu%d", id), syscall.ENOENT}
	case !s.cpus[i].Hotpluggable && online:
		return false, nil
	case !s.cpus[i].Hotpluggable:
		return false, CannotOffline(id)
	case s.cpus[i].Online == online:
		return false, nil
	case !online && s.onlineCPUs() == 1:
		return false, &simErr{fmt.Sprintf("cpu%d/online", id), syscall.EBUSY}
	}
	s.cpus[i].Online = online
	s.journal.Record(map[string]any{"op": "set-vcpu", "cpu": id, "online": online})
	return true, nil
}

func (s *Sim) cpu(id int64) int {
	for i, c := range s.cpus {
		if c.ID == id {
			return i
		}
	}
	return -1
}

func (s *Sim) onlineCPUs() int {
	n := 0
	for _, c := range s.cpus {
		if c.Online || !c.Hotpluggable {
			n++
		}
	}
	return n
}

// MemoryBlocks lists the simulated blocks; ErrNoMemory without any.
func (s *Sim) MemoryBlocks() ([]MemoryBlock, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mem == nil {
		return nil, ErrNoMemory
	}
	out := make([]MemoryBlock, len(s.mem.Blocks))
	for i, b := range s.mem.Blocks {
		out[i] = MemoryBlock{Index: b.Index, Online: b.Online, CanOffline: b.Removable}
	}
	return out, nil
}

// SetMemoryBlock changes a block; offlining one that is not removable
// fails with EBUSY.
func (s *Sim) SetMemoryBlock(index uint64, online bool) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mem == nil {
		return false, fmt.Errorf("%w: %w", ErrUnsupported, &simErr{"memory", syscall.ENOENT})
	}
	i := -1
	for j, b := range s.mem.Blocks {
		if b.Index == index {
			i = j
		}
	}
	switch {
	case i < 0:
		return false, fmt.Errorf("%w: %w", ErrNotFound, &simErr{fmt.Sprintf("memory%d", index), syscall.ENOENT})
	case s.mem.Blocks[i].Online == online:
		return false, nil
	case !online && !s.mem.Blocks[i].Removable:
		return false, &simErr{fmt.Sprintf("memory%d/state", index), syscall.EBUSY}
	}
	s.mem.Blocks[i].Online = online
	s.journal.Record(map[string]any{"op": "set-memory-block", "block": index, "online": online})
	return true, nil
}

// MemoryBlockSize is the World's block size; ENOENT without memory.
func (s *Sim) MemoryBlockSize() (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mem == nil {
		return 0, &simErr{"memory/block_size_bytes", syscall.ENOENT}
	}
	return s.mem.BlockSize, nil
}

// simErr reads like the Linux backend's errors for the same failure.
type simErr struct {
	path  string
	errno syscall.Errno
}

func (e *simErr) Error() string { return "sim " + e.path + ": " + e.errno.Error() }
func (e *simErr) Unwrap() error { return e.errno }
