package hotplug

import (
	"errors"
	"fmt"
	"io/fs"
)

// CPU is one logical processor. CanOffline: it has an "online" file (cpu0
// on x86 has none and is always online).
type CPU struct {
	ID         int64
	Online     bool
	CanOffline bool
}

// MemoryBlock is one memory block. CanOffline: its "removable" file says
// so (a block without one cannot be offlined).
type MemoryBlock struct {
	Index      uint64
	Online     bool
	CanOffline bool
}

// Source reads and changes the guest's vCPUs and memory blocks.
type Source interface {
	// CPUs lists every logical processor.
	CPUs() ([]CPU, error)
	// SetCPU takes cpu id online or offline; changed says it wrote.
	SetCPU(id int64, online bool) (changed bool, err error)
	// MemoryBlocks lists every block; ErrNoMemory when the guest has no
	// memory block directory.
	MemoryBlocks() ([]MemoryBlock, error)
	// SetMemoryBlock takes block index online or offline; changed says it
	// wrote.
	SetMemoryBlock(index uint64, online bool) (changed bool, err error)
	// MemoryBlockSize is the size of one block in bytes.
	MemoryBlockSize() (uint64, error)
}

// Bounds on a listing: Linux builds for at most 8192 CPUs; a 12 TiB guest
// has 98304 blocks of 128 MiB, whose reply (about 55 bytes a block) stays
// under libvirt's 10 MiB limit.
const (
	MaxCPUs         = 16384
	MaxMemoryBlocks = 131072
)

// Errors.
var (
	// ErrNoMemory: no /sys/devices/system/memory (no memory hotplug).
	ErrNoMemory = fmt.Errorf("the guest has no memory blocks directory: %w", fs.ErrNotExist)
	// ErrNotFound: the memory block asked for does not exist.
	ErrNotFound = errors.New("no such memory block")
	// ErrUnsupported: the guest cannot take memory blocks offline.
	ErrUnsupported = errors.New("memory block hotplug is not supported")
	ErrTooMany     = errors.New("the guest lists more vCPUs or memory blocks than the agent answers for")
)

// CannotOffline is the error for offlining a CPU without an online file,
// worded as qemu-ga words it.
func CannotOffline(id int64) error {
	return fmt.Errorf("logical processor #%d can't be offlined", id)
}

// Root is where Linux keeps the CPU and memory directories.
const Root = "/sys/devices/system"
