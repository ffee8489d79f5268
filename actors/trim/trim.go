package trim

import (
	"encoding/json"
	"errors"
	"syscall"
	"time"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/audit"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/blockdev"
	"github.com/goqga/goqga/os/deadline"
	"github.com/goqga/goqga/os/files"
	"github.com/goqga/goqga/os/freeze"
	ostrim "github.com/goqga/goqga/os/trim"
)

// Name is the domain's name (faults: actor.trim).
const Name = "trim"

// Cmd is the domain's command.
const Cmd = "guest-fstrim"

// Specs declares the domain's command.
var Specs = []command.Spec{
	{Name: Cmd, Domain: Name, Args: []command.Field{command.Opt("minimum", command.TInt)}},
}

// DefaultTimeout bounds one FITRIM: Proxmox waits 10 minutes for the
// whole command.
const DefaultTimeout = 10 * time.Minute

// statTimeout bounds the stat of a btrfs mount's source.
const statTimeout = 2 * time.Second

// Deps are the domain's OS capabilities.
type Deps struct {
	Mounts  freeze.Lister
	Devices blockdev.Source // finds a btrfs mount's device
	Trimmer ostrim.Trimmer
	Timeout time.Duration // per FITRIM; DefaultTimeout when 0
	Log     *zap.Logger
}

// Logic answers guest-fstrim.
type Logic struct {
	d     Deps
	guard *deadline.Guard
}

// New returns the domain's Logic.
func New(d Deps) *Logic {
	if d.Log == nil {
		d.Log = zap.NewNop()
	}
	if d.Timeout == 0 {
		d.Timeout = DefaultTimeout
	}
	return &Logic{d: d, guard: &deadline.Guard{}}
}

// Response is guest-fstrim's answer.
type Response struct {
	Paths []Result `json:"paths"`
}

// Result is one mount point's outcome.
type Result struct {
	Path    string  `json:"path"`
	Trimmed *uint64 `json:"trimmed,omitempty"`
	Minimum *int64  `json:"minimum,omitempty"`
	Error   string  `json:"error,omitempty"`
}

// Handle implements domain.Logic.
func (l *Logic) Handle(req *command.Request) domain.Step {
	if req.Spec.Name != Cmd {
		return domain.Now(req.Fail(command.NotFound(req.Spec.Name)))
	}
	var a struct {
		Minimum int64 `json:"minimum"`
	}
	if len(req.Args) > 0 {
		if err := json.Unmarshal(req.Args, &a); err != nil {
			return domain.Now(req.Fail(err))
		}
	}
	return domain.Do(func() (any, error) { return l.trimAll(a.Minimum) }, func(res any, err error) *command.Reply {
		l.audit(a.Minimum, res, err)
		if err != nil {
			return req.Fail(err)
		}
		return req.Return(res)
	})
}

// trimAll runs off the actor.
func (l *Logic) trimAll(minimum int64) (*Response, error) {
	mounts, err := blockdev.LocalMounts(l.d.Mounts, l.d.Devices, l.guard, statTimeout)
	if err != nil {
		return nil, err
	}
	resp := &Response{Paths: make([]Result, len(mounts))}
	for i, m := range mounts {
		resp.Paths[len(mounts)-1-i] = l.trim(m.Path, minimum) // last mounted first, as qemu-ga
	}
	return resp, nil
}

func (l *Logic) trim(path string, minimum int64) Result {
	r := Result{Path: path}
	res, err := deadline.Run(l.guard, path, l.d.Timeout, func() (ostrim.Result, error) {
		return l.d.Trimmer.Trim(path, uint64(minimum))
	})
	var op *ostrim.OpError
	switch {
	case err == nil:
		min := int64(res.Minimum)
		r.Trimmed, r.Minimum = &res.Trimmed, &min
	case errors.As(err, &op) && op.Op == "trim" && (errors.Is(err, syscall.ENOTTY) || errors.Is(err, syscall.EOPNOTSUPP)):
		r.Error = "trim not supported"
	case op != nil:
		r.Error = op.Error()
	default: // the deadline
		r.Error = "failed to trim: " + files.Strerror(err)
	}
	return r
}

// audit leaves the request's one audit line.
func (l *Logic) audit(minimum int64, res any, err error) {
	if err != nil {
		audit.Line(l.d.Log, Cmd, zap.Int64("minimum", minimum), zap.Error(err))
		return
	}
	var trimmed uint64
	failed := 0
	for _, p := range res.(*Response).Paths {
		if p.Trimmed != nil {
			trimmed += *p.Trimmed
		} else {
			failed++
		}
	}
	audit.Line(l.d.Log, Cmd, zap.Int64("minimum", minimum), zap.Int("paths", len(res.(*Response).Paths)),
		zap.Uint64("trimmed", trimmed), zap.Int("failed", failed))
}
