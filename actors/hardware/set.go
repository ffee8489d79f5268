package hardware

import (
	"errors"
	"syscall"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/audit"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/deadline"
	"github.com/goqga/goqga/os/hotplug"
)

// maxAudited bounds the ids an audit line lists; the counts are always
// complete.
const maxAudited = 32

// changes is what a set request did, for its audit line.
type changes struct {
	online, offline   []uint64 // the first maxAudited ids of each
	onlined, offlined int      // how many in all
}

func (c *changes) add(id uint64, online bool) {
	list, n := &c.offline, &c.offlined
	if online {
		list, n = &c.online, &c.onlined
	}
	if len(*list) < maxAudited {
		*list = append(*list, id)
	}
	*n++
}

func (c *changes) fields() []zap.Field {
	return []zap.Field{zap.Int("onlined", c.onlined), zap.Uint64s("online", c.online),
		zap.Int("offlined", c.offlined), zap.Uint64s("offline", c.offline)}
}

type vcpuArgs struct {
	VCPUs []struct {
		ID     int64 `json:"logical-id"`
		Online bool  `json:"online"`
	} `json:"vcpus"`
}

type vcpuResult struct {
	processed int
	err       error
	changes
}

// setVCPUs applies the entries in order in one Op and stops at the first
// failure: the count processed, or the error when it is the first.
func (l *Logic) setVCPUs(req *command.Request) domain.Step {
	var a vcpuArgs
	if err := decode(req, &a); err != nil {
		return domain.Now(req.Fail(err))
	}
	return domain.Do(func() (any, error) {
		r := &vcpuResult{}
		for _, v := range a.VCPUs {
			changed, err := l.OS.SetCPU(v.ID, v.Online)
			if err != nil {
				r.err = err
				break
			}
			if changed {
				r.add(uint64(v.ID), v.Online)
			}
			r.processed++
		}
		return r, nil
	}, func(res any, err error) *command.Reply {
		if err != nil { // the Op never ran (an injected actor fault)
			audit.Line(l.Log, SetVCPUs, zap.Int("requested", len(a.VCPUs)), zap.Int("processed", 0), zap.Error(err))
			return req.Fail(err)
		}
		r := res.(*vcpuResult)
		fields := append(r.fields(), zap.Int("requested", len(a.VCPUs)), zap.Int("processed", r.processed))
		if r.err != nil {
			fields = append(fields, zap.Error(r.err))
		}
		audit.Line(l.Log, SetVCPUs, fields...)
		if r.err != nil && r.processed == 0 {
			return req.Fail(r.err)
		}
		return req.Return(r.processed)
	})
}

type memArgs struct {
	Blocks []struct {
		Index  int64 `json:"phys-index"`
		Online bool  `json:"online"`
	} `json:"mem-blks"`
}

// MemoryBlockResponse is one result of guest-set-memory-blocks.
type MemoryBlockResponse struct {
	PhysIndex uint64 `json:"phys-index"`
	Response  string `json:"response"`
	ErrorCode *int64 `json:"error-code,omitempty"`
}

type memResult struct {
	out []MemoryBlockResponse
	changes
	failed int
}

// setMemoryBlocks answers one result per block, every block tried.
func (l *Logic) setMemoryBlocks(req *command.Request) domain.Step {
	var a memArgs
	if err := decode(req, &a); err != nil {
		return domain.Now(req.Fail(err))
	}
	for i, b := range a.Blocks {
		if b.Index < 0 {
			return domain.Now(req.Fail(command.Errorf("Invalid parameter type for 'mem-blks[%d].phys-index', expected: uint64", i)))
		}
	}
	return domain.Do(func() (any, error) {
		r := &memResult{out: make([]MemoryBlockResponse, 0, len(a.Blocks))}
		for _, b := range a.Blocks {
			index := uint64(b.Index)
			changed, err := l.OS.SetMemoryBlock(index, b.Online)
			if changed {
				r.add(index, b.Online)
			}
			if err != nil {
				r.failed++
			}
			r.out = append(r.out, response(index, err))
		}
		return r, nil
	}, func(res any, err error) *command.Reply {
		if err != nil { // the Op never ran (an injected actor fault)
			audit.Line(l.Log, SetMemoryBlocks, zap.Int("requested", len(a.Blocks)), zap.Int("failed", len(a.Blocks)), zap.Error(err))
			return req.Fail(err)
		}
		r := res.(*memResult)
		audit.Line(l.Log, SetMemoryBlocks, append(r.fields(), zap.Int("requested", len(a.Blocks)), zap.Int("failed", r.failed))...)
		return req.Return(r.out)
	})
}

// response is qemu-ga's result for one block: success, or which step
// failed with the errno as error-code (EIO when the error carries none).
func response(index uint64, err error) MemoryBlockResponse {
	r := MemoryBlockResponse{PhysIndex: index, Response: "success"}
	if err == nil {
		return r
	}
	switch {
	case errors.Is(err, hotplug.ErrNotFound):
		r.Response = "not-found"
	case errors.Is(err, hotplug.ErrUnsupported):
		r.Response = "operation-not-supported"
	default:
		r.Response = "operation-failed"
	}
	code := int64(errnoOf(err))
	r.ErrorCode = &code
	return r
}

// errnoOf is the errno behind err: its own, EBUSY for a write refused
// behind a stuck one, ETIMEDOUT for one that outlived its deadline, EIO
// for anything else.
func errnoOf(err error) syscall.Errno {
	var errno syscall.Errno
	var timeout *deadline.TimeoutError
	switch {
	case errors.As(err, &errno):
		return errno
	case errors.Is(err, deadline.ErrBusy):
		return syscall.EBUSY
	case errors.As(err, &timeout):
		return syscall.ETIMEDOUT
	}
	return syscall.EIO
}
