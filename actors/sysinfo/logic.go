package sysinfo

import (
	"errors"
	"fmt"
	"io/fs"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/clock"
	ossysinfo "github.com/goqga/goqga/os/sysinfo"
	"github.com/goqga/goqga/os/users"
)

// Deps are what the domain reads and sets.
type Deps struct {
	Clock clock.Clock
	Info  ossysinfo.Source
	Users users.Source
	Log   *zap.Logger
}

// Logic answers the domain's commands. It holds no state.
type Logic struct{ d Deps }

// New returns the domain's Logic; d.Log may be nil.
func New(d Deps) *Logic {
	if d.Log == nil {
		d.Log = zap.NewNop()
	}
	return &Logic{d: d}
}

// Handle implements domain.Logic.
func (l *Logic) Handle(req *command.Request) domain.Step {
	var op func() (any, error)
	switch req.Spec.Name {
	case "guest-get-time":
		op = func() (any, error) { return l.d.Clock.Now() }
	case "guest-set-time":
		return l.setTime(req)
	case "guest-get-host-name":
		op = l.hostName
	case "guest-get-timezone":
		op = l.timezone
	case "guest-get-osinfo":
		op = l.osInfo
	case "guest-get-users":
		op = l.users
	case "guest-get-load":
		op = l.load
	default:
		return domain.Now(req.Fail(command.NotFound(req.Spec.Name)))
	}
	return domain.Read(req, op)
}

func (l *Logic) hostName() (any, error) {
	h, err := l.d.Info.HostName()
	if err != nil {
		return nil, fmt.Errorf("cannot get the host name: %w", err)
	}
	return &HostName{HostName: h}, nil
}

func (l *Logic) timezone() (any, error) {
	now, err := l.d.Clock.Now()
	if err != nil {
		return nil, fmt.Errorf("cannot read the clock: %w", err)
	}
	z, err := l.d.Info.Zone(now)
	if err != nil {
		return nil, fmt.Errorf("cannot get the time zone: %w", err)
	}
	return &Timezone{Zone: z.Name, Offset: z.Offset}, nil
}

// osInfo needs uname; os-release is optional (qemu-ga reports the
// kernel's fields alone when neither file can be read).
func (l *Logic) osInfo() (any, error) {
	u, err := l.d.Info.Uname()
	if err != nil {
		return nil, fmt.Errorf("uname failed: %w", err)
	}
	text, path, err := l.d.Info.OSRelease()
	if err != nil {
		if !errors.Is(err, ossysinfo.ErrNoOSRelease) {
			l.d.Log.Info("os-release unreadable; reporting the kernel only", zap.String("path", path), zap.Error(err))
		}
		return osInfo(u, nil), nil
	}
	return osInfo(u, ParseOSRelease(text)), nil
}

// users reads utmp; only a guest without one (Debian 13 and later) is
// asked for logind's sessions.
func (l *Logic) users() (any, error) {
	logins, err := l.d.Users.Utmp()
	if errors.Is(err, fs.ErrNotExist) {
		logins, err = l.d.Users.Sessions()
		if err != nil {
			return nil, fmt.Errorf("the guest has no utmp, and logind's sessions cannot be read: %w", err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("cannot read utmp: %w", err)
	}
	return mergeUsers(logins), nil
}

func (l *Logic) load() (any, error) {
	a, err := l.d.Info.LoadAvg()
	if err != nil {
		return nil, fmt.Errorf("cannot get the load averages: %w", err)
	}
	return &Load{Load1m: a[0], Load5m: a[1], Load15m: a[2]}, nil
}
