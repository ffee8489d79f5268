package hardware

import (
	"encoding/json"
	"errors"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/hotplug"
)

// Name is the domain's name (faults: actor.hardware).
const Name = "hardware"

// The domain's commands.
const (
	GetVCPUs           = "guest-get-vcpus"
	SetVCPUs           = "guest-set-vcpus"
	GetMemoryBlocks    = "guest-get-memory-blocks"
	SetMemoryBlocks    = "guest-set-memory-blocks"
	GetMemoryBlockInfo = "guest-get-memory-block-info"
)

var (
	logicalProcessor = command.TObject("GuestLogicalProcessor",
		command.Arg("logical-id", command.TInt), command.Arg("online", command.TBool), command.Opt("can-offline", command.TBool))
	// phys-index is a uint64 in qemu-ga's schema; the validator checks
	// int64 and Handle refuses a negative one with qemu-ga's text.
	memoryBlock = command.TObject("GuestMemoryBlock",
		command.Arg("phys-index", command.Type{Kind: command.Int, Name: "uint64"}), command.Arg("online", command.TBool), command.Opt("can-offline", command.TBool))
)

// Specs declares the domain's commands. The readers run while frozen
// (they read sysfs only: docs/HARDWARE.md has the proof); the setters
// never do.
var Specs = []command.Spec{
	{Name: GetVCPUs, Domain: Name, AllowedFrozen: true},
	{Name: SetVCPUs, Domain: Name, Args: []command.Field{command.Arg("vcpus", command.TArray(logicalProcessor))}},
	{Name: GetMemoryBlocks, Domain: Name, AllowedFrozen: true},
	{Name: SetMemoryBlocks, Domain: Name, Args: []command.Field{command.Arg("mem-blks", command.TArray(memoryBlock))}},
	{Name: GetMemoryBlockInfo, Domain: Name, AllowedFrozen: true},
}

// Logic answers the hardware commands from a hotplug.Source.
type Logic struct {
	OS  hotplug.Source
	Log *zap.Logger
}

// New returns the domain's Logic over os; log may be nil.
func New(os hotplug.Source, log *zap.Logger) *Logic {
	if log == nil {
		log = zap.NewNop()
	}
	return &Logic{OS: os, Log: log}
}

// Handle implements domain.Logic.
func (l *Logic) Handle(req *command.Request) domain.Step {
	switch req.Spec.Name {
	case GetVCPUs:
		return domain.Read(req, l.vcpus)
	case GetMemoryBlocks:
		return domain.Read(req, l.memoryBlocks)
	case GetMemoryBlockInfo:
		return domain.Read(req, l.blockInfo)
	case SetVCPUs:
		return l.setVCPUs(req)
	case SetMemoryBlocks:
		return l.setMemoryBlocks(req)
	}
	return domain.Now(req.Fail(command.NotFound(req.Spec.Name)))
}

// LogicalProcessor is one entry of guest-get-vcpus.
type LogicalProcessor struct {
	LogicalID  int64 `json:"logical-id"`
	Online     bool  `json:"online"`
	CanOffline bool  `json:"can-offline"`
}

func (l *Logic) vcpus() (any, error) {
	cpus, err := l.OS.CPUs()
	if err != nil {
		return nil, command.Errorf("failed to list vCPUs: %v", err)
	}
	if len(cpus) == 0 {
		return nil, command.Errorf("the guest lists no vCPUs in sysfs")
	}
	out := make([]LogicalProcessor, len(cpus))
	for i, c := range cpus {
		out[i] = LogicalProcessor{LogicalID: c.ID, Online: c.Online, CanOffline: c.CanOffline}
	}
	return out, nil
}

// MemoryBlock is one entry of guest-get-memory-blocks.
type MemoryBlock struct {
	PhysIndex  uint64 `json:"phys-index"`
	Online     bool   `json:"online"`
	CanOffline bool   `json:"can-offline"`
}

// memoryBlocks answers [] for a guest without memory blocks in sysfs and
// an error for one whose directory lists none, as qemu-ga does.
func (l *Logic) memoryBlocks() (any, error) {
	blocks, err := l.OS.MemoryBlocks()
	if errors.Is(err, hotplug.ErrNoMemory) {
		return []MemoryBlock{}, nil
	}
	if err != nil {
		return nil, command.Errorf("failed to list memory blocks: %v", err)
	}
	if len(blocks) == 0 {
		return nil, command.Errorf("guest reported zero memory blocks!")
	}
	out := make([]MemoryBlock, len(blocks))
	for i, b := range blocks {
		out[i] = MemoryBlock{PhysIndex: b.Index, Online: b.Online, CanOffline: b.CanOffline}
	}
	return out, nil
}

// MemoryBlockInfo is guest-get-memory-block-info's answer.
type MemoryBlockInfo struct {
	Size uint64 `json:"size"`
}

func (l *Logic) blockInfo() (any, error) {
	size, err := l.OS.MemoryBlockSize()
	if err != nil {
		return nil, command.Errorf("failed to read the memory block size: %v", err)
	}
	return MemoryBlockInfo{Size: size}, nil
}

// decode reads validated arguments.
func decode(req *command.Request, v any) error {
	if err := json.Unmarshal(req.Args, v); err != nil {
		return command.Errorf("%v", err)
	}
	return nil
}
