package hotplug

import (
	"strconv"

	"github.com/goqga/goqga/faults"
)

// WithFaults puts the hardware domain's fault points in front of s: a
// fault that fires keeps s from being called.
func WithFaults(s Source, inj *faults.Injector) Source {
	if inj == nil {
		return s
	}
	return faulty{s: s, inj: inj}
}

type faulty struct {
	s   Source
	inj *faults.Injector
}

func (f faulty) CPUs() ([]CPU, error) { return faults.Call(f.inj, pointCPUs, "", f.s.CPUs) }

func (f faulty) SetCPU(id int64, online bool) (bool, error) {
	return faults.Call(f.inj, pointSetCPU, "cpu"+strconv.FormatInt(id, 10), func() (bool, error) { return f.s.SetCPU(id, online) })
}

func (f faulty) MemoryBlocks() ([]MemoryBlock, error) {
	return faults.Call(f.inj, pointMemoryBlocks, "", f.s.MemoryBlocks)
}

func (f faulty) SetMemoryBlock(index uint64, online bool) (bool, error) {
	return faults.Call(f.inj, pointSetMemoryBlock, "memory"+strconv.FormatUint(index, 10), func() (bool, error) {
		return f.s.SetMemoryBlock(index, online)
	})
}

func (f faulty) MemoryBlockSize() (uint64, error) {
	return faults.Call(f.inj, pointMemoryBlockSize, "", f.s.MemoryBlockSize)
}

// The hardware domain's fault points.
var (
	pointCPUs            = faults.Declare("os.cpus", "listing vCPUs and reading their online files", "")
	pointSetCPU          = faults.Declare("os.set_cpu", "before a vCPU is taken online or offline", "the vCPU (cpu1)")
	pointMemoryBlocks    = faults.Declare("os.memory_blocks", "listing memory blocks and reading their state", "")
	pointSetMemoryBlock  = faults.Declare("os.set_memory_block", "before a memory block is taken online or offline", "the block (memory3)")
	pointMemoryBlockSize = faults.Declare("os.memory_block_size", "reading the memory block size", "")
)
