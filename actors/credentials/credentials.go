package credentials

import (
	"encoding/json"
	"fmt"

	"go.uber.org/zap"

	"github.com/goqga/goqga/actors/domain"
	"github.com/goqga/goqga/audit"
	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/accounts"
)

// Name is the domain's name (faults: actor.credentials).
const Name = "credentials"

// The domain's commands.
const (
	cmdPassword = "guest-set-user-password"
	cmdGet      = "guest-ssh-get-authorized-keys"
	cmdAdd      = "guest-ssh-add-authorized-keys"
	cmdRemove   = "guest-ssh-remove-authorized-keys"
)

var tKeys = command.TArray(command.TStr)

// Specs declares the domain's commands; none is allowed while frozen
// (three change files, and get would only be refused by qemu-ga too).
var Specs = []command.Spec{
	{Name: cmdPassword, Domain: Name, Args: []command.Field{
		command.Arg("username", command.TStr), command.Arg("password", command.TStr), command.Arg("crypted", command.TBool)}},
	{Name: cmdGet, Domain: Name, Args: []command.Field{command.Arg("username", command.TStr)}},
	{Name: cmdAdd, Domain: Name, Args: []command.Field{
		command.Arg("username", command.TStr), command.Arg("keys", tKeys), command.Opt("reset", command.TBool)}},
	{Name: cmdRemove, Domain: Name, Args: []command.Field{
		command.Arg("username", command.TStr), command.Arg("keys", tKeys)}},
}

// Logic runs the credentials commands over an accounts backend.
type Logic struct {
	OS  accounts.Accounts
	Log *zap.Logger
}

// New returns the domain's Logic over os; log may be nil.
func New(os accounts.Accounts, log *zap.Logger) *Logic {
	if log == nil {
		log = zap.NewNop()
	}
	return &Logic{OS: os, Log: log}
}

// args are every command's arguments (each uses its own).
type args struct {
	Username string   `json:"username"`
	Password string   `json:"password"`
	Crypted  bool     `json:"crypted"`
	Keys     []string `json:"keys"`
	Reset    bool     `json:"reset"`
}

// Handle implements domain.Logic: arguments are checked here, inside the
// actor; every OS call runs in the Op.
func (l *Logic) Handle(req *command.Request) domain.Step {
	var a args
	if len(req.Args) > 0 {
		if err := json.Unmarshal(req.Args, &a); err != nil {
			return domain.Now(req.Fail(err))
		}
	}
	switch req.Spec.Name {
	case cmdPassword:
		return l.setPassword(req, a)
	case cmdGet:
		return domain.Read(req, func() (any, error) { return l.getKeys(a.Username) })
	case cmdAdd, cmdRemove:
		if err := checkKeys(a.Keys); err != nil {
			return domain.Now(req.Fail(err))
		}
		if req.Spec.Name == cmdAdd && keyBytes(a.Keys) > accounts.MaxKeysFile {
			return domain.Now(req.Fail(fmt.Errorf("the keys are larger than authorized_keys may be (%d bytes)", accounts.MaxKeysFile)))
		}
		return l.changeKeys(req, a)
	}
	return domain.Now(req.Fail(command.NotFound(req.Spec.Name)))
}

// setPassword checks the password and the name as qemu-ga does (decode,
// then the password's characters, then the name's), then runs chpasswd
// off the actor. The audit line names the user, never the password.
func (l *Logic) setPassword(req *command.Request, a args) domain.Step {
	pw, err := decodePassword(a.Password)
	if err == nil {
		err = checkPassword(a.Username, pw)
	}
	if err != nil {
		clear(pw)
		return domain.Now(req.Fail(err))
	}
	return domain.Do(func() (any, error) {
		defer clear(pw)
		return nil, passwordError(l.OS.SetPassword(a.Username, pw, a.Crypted))
	}, func(_ any, err error) *command.Reply {
		fields := []zap.Field{zap.String("user", a.Username), zap.Bool("crypted", a.Crypted)}
		audit.Line(l.Log, cmdPassword, withError(fields, err)...)
		if err != nil {
			return req.Fail(err)
		}
		return req.Return(struct{}{})
	})
}

// authorizedKeys is guest-ssh-get-authorized-keys' reply.
type authorizedKeys struct {
	Keys []string `json:"keys"`
}

// getKeys runs off the actor.
func (l *Logic) getKeys(name string) (any, error) {
	u, err := l.lookup(name)
	if err != nil {
		return nil, err
	}
	content, err := l.OS.ReadKeys(u)
	if err != nil {
		return nil, readError(u, err)
	}
	return authorizedKeys{Keys: listKeys(content)}, nil
}

// changed is what an add or remove did, for its audit line.
type changed struct {
	n     int  // lines added or removed
	wrote bool // the file was replaced
}

// changeKeys adds or removes keys off the actor, then leaves one audit
// line with the user and the counts (never a key).
func (l *Logic) changeKeys(req *command.Request, a args) domain.Step {
	add := req.Spec.Name == cmdAdd
	return domain.Do(func() (any, error) {
		if add {
			return l.add(a)
		}
		return l.remove(a)
	}, func(res any, err error) *command.Reply {
		c, _ := res.(changed)
		fields := []zap.Field{zap.String("user", a.Username), zap.Int("keys", len(a.Keys))}
		if add {
			fields = append(fields, zap.Int("added", c.n), zap.Bool("reset", a.Reset))
		} else {
			fields = append(fields, zap.Int("removed", c.n))
		}
		audit.Line(l.Log, req.Spec.Name, withError(append(fields, zap.Bool("written", c.wrote)), err)...)
		if err != nil {
			return req.Fail(err)
		}
		return req.Return(struct{}{})
	})
}

// add appends the keys the file lacks; reset starts from an empty file
// without reading the old one. The file is replaced even when nothing
// was added, as qemu-ga does, which also restores its owner and 0600.
func (l *Logic) add(a args) (changed, error) {
	u, err := l.lookup(a.Username)
	if err != nil {
		return changed{}, err
	}
	var old []byte
	if !a.Reset {
		if old, err = l.OS.ReadKeys(u); err != nil && !accounts.IsNotExist(err) {
			return changed{}, readError(u, err)
		}
	}
	content, n := addKeys(old, a.Keys)
	if err := l.OS.WriteKeys(u, content); err != nil {
		return changed{n: n}, writeError(u, err)
	}
	return changed{n: n, wrote: true}, nil
}

// remove drops the matching lines; a missing file is success with
// nothing written, as in qemu-ga. A file with no matching line is left
// alone (qemu-ga rewrites it).
func (l *Logic) remove(a args) (changed, error) {
	u, err := l.lookup(a.Username)
	if err != nil {
		return changed{}, err
	}
	old, err := l.OS.ReadKeys(u)
	if accounts.IsNotExist(err) {
		return changed{}, nil
	}
	if err != nil {
		return changed{}, readError(u, err)
	}
	content, n := removeKeys(old, a.Keys)
	if n == 0 {
		return changed{}, nil
	}
	if err := l.OS.WriteKeys(u, content); err != nil {
		return changed{n: n}, writeError(u, err)
	}
	return changed{n: n, wrote: true}, nil
}

func (l *Logic) lookup(name string) (accounts.User, error) {
	u, err := l.OS.Lookup(name)
	if err != nil {
		return u, fmt.Errorf("failed to lookup user '%s': %s", name, describe(err))
	}
	return u, nil
}

func withError(fields []zap.Field, err error) []zap.Field {
	if err != nil {
		return append(fields, zap.String("error", err.Error()))
	}
	return fields
}
