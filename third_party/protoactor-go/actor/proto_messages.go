package actor

// Upstream generates these types from actor.proto with protoc-gen-go for
// its remote and cluster packages. This trimmed copy has neither, so they
// are plain structs: the protobuf runtime's package initialisation (which
// reads the executable to seed its deterministic randomness) and its
// descriptor registry were a third of a guest agent's start-up. Field
// names and getters are upstream's.

import "strconv"

type TerminatedReason int32

const (
	TerminatedReason_Stopped           TerminatedReason = 0
	TerminatedReason_AddressTerminated TerminatedReason = 1
	TerminatedReason_NotFound          TerminatedReason = 2
)

var TerminatedReason_name = map[int32]string{
	0: "Stopped",
	1: "AddressTerminated",
	2: "NotFound",
}

func (x TerminatedReason) String() string {
	if s, ok := TerminatedReason_name[int32(x)]; ok {
		return s
	}
	return strconv.Itoa(int(x))
}

// PID addresses a process. p caches the resolved process (see pid.go).
type PID struct {
	Address   string
	Id        string
	RequestId uint32

	p *Process
}

func (x *PID) GetAddress() string {
	if x != nil {
		return x.Address
	}
	return ""
}

func (x *PID) GetId() string {
	if x != nil {
		return x.Id
	}
	return ""
}

func (x *PID) GetRequestId() uint32 {
	if x != nil {
		return x.RequestId
	}
	return 0
}

// String is in the text form protoc-gen-go's String gave.
func (x *PID) String() string {
	if x == nil {
		return "<nil>"
	}
	s := "Address:" + strconv.Quote(x.Address) + " Id:" + strconv.Quote(x.Id)
	if x.RequestId != 0 {
		s += " request_id:" + strconv.FormatUint(uint64(x.RequestId), 10)
	}
	return s
}

type PoisonPill struct{}

type DeadLetterResponse struct {
	Target *PID
}

func (x *DeadLetterResponse) GetTarget() *PID {
	if x != nil {
		return x.Target
	}
	return nil
}

type Watch struct {
	Watcher *PID
}

func (x *Watch) GetWatcher() *PID {
	if x != nil {
		return x.Watcher
	}
	return nil
}

type Unwatch struct {
	Watcher *PID
}

func (x *Unwatch) GetWatcher() *PID {
	if x != nil {
		return x.Watcher
	}
	return nil
}

type Terminated struct {
	Who *PID
	Why TerminatedReason
}

func (x *Terminated) GetWho() *PID {
	if x != nil {
		return x.Who
	}
	return nil
}

func (x *Terminated) GetWhy() TerminatedReason {
	if x != nil {
		return x.Why
	}
	return TerminatedReason_Stopped
}

type Stop struct{}

type Touch struct{}

type Touched struct {
	Who *PID
}

func (x *Touched) GetWho() *PID {
	if x != nil {
		return x.Who
	}
	return nil
}
