package power

import (
	"encoding/json"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/audit"
	"github.com/goqga/goqga/command"
	ospower "github.com/goqga/goqga/os/power"
)

// Name is the domain's name (faults: actor.power).
const Name = "power"

// Specs declares the domain's commands; none answers on success.
var Specs = []command.Spec{
	{Name: "guest-shutdown", Domain: Name, Args: []command.Field{command.Opt("mode", command.TStr)}, NoSuccessResponse: true},
	{Name: "guest-suspend-disk", Domain: Name, NoSuccessResponse: true},
	{Name: "guest-suspend-ram", Domain: Name, NoSuccessResponse: true},
	{Name: "guest-suspend-hybrid", Domain: Name, NoSuccessResponse: true},
}

var suspendModes = map[string]ospower.SuspendMode{
	"guest-suspend-disk":   ospower.Disk,
	"guest-suspend-ram":    ospower.RAM,
	"guest-suspend-hybrid": ospower.Hybrid,
}

// Logic runs the power commands.
type Logic struct {
	OS ospower.Power
	// Flush waits until the replies before (gen, seq) have been written,
	// within its own bound; nil skips the wait.
	Flush func(gen, seq uint64) bool
	Log   *zap.Logger
}

// New returns the domain's Logic over os; flush may be nil, log too.
func New(os ospower.Power, flush func(gen, seq uint64) bool, log *zap.Logger) *Logic {
	if log == nil {
		log = zap.NewNop()
	}
	return &Logic{OS: os, Flush: flush, Log: log}
}

// Handle implements domain.Logic.
func (l *Logic) Handle(req *command.Request) domain.Step {
	if req.Spec.Name == "guest-shutdown" {
		mode, err := shutdownMode(req.Args)
		if err != nil {
			return domain.Now(req.Fail(err))
		}
		audit.Line(l.Log, req.Spec.Name, zap.String("mode", string(mode)))
		return l.act(req, func() error { return l.OS.Shutdown(mode) })
	}
	mode, ok := suspendModes[req.Spec.Name]
	if !ok {
		return domain.Now(req.Fail(command.NotFound(req.Spec.Name)))
	}
	audit.Line(l.Log, req.Spec.Name, zap.String("mode", string(mode)))
	return l.act(req, func() error { return l.OS.Suspend(mode) })
}

func shutdownMode(args json.RawMessage) (ospower.Mode, error) {
	var a struct {
		Mode *string `json:"mode"`
	}
	if len(args) > 0 {
		if err := json.Unmarshal(args, &a); err != nil {
			return "", err
		}
	}
	if a.Mode == nil {
		return ospower.ParseMode("", false)
	}
	return ospower.ParseMode(*a.Mode, true)
}

// act flushes earlier replies, then runs do off the actor; success
// answers nothing.
func (l *Logic) act(req *command.Request, do func() error) domain.Step {
	return domain.Do(func() (any, error) {
		if l.Flush != nil && !l.Flush(req.Gen, req.Seq) {
			l.Log.Warn("earlier replies not written in time; going ahead", zap.String("command", req.Spec.Name))
		}
		return nil, do()
	}, func(_ any, err error) *command.Reply {
		if err != nil {
			l.Log.Warn("power command failed", zap.String("command", req.Spec.Name), zap.Error(err))
			return req.Fail(err)
		}
		return req.NoReply()
	})
}
