package credentials

import (
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/accounts"
)

// fakeOS is a guest's accounts on paper: users, their files, and a trace
// of every call.
type fakeOS struct {
	users   map[string]accounts.User
	files   map[string]string // user -> authorized_keys; absent: no file
	readErr error
	pwErr   error
	trace   []string
}

func newFake() *fakeOS {
	return &fakeOS{
		users: map[string]accounts.User{
			"root":  {Name: "root", Home: "/root"},
			"alice": {Name: "alice", UID: 1000, GID: 1000, Home: "/home/alice"},
		},
		files: map[string]string{"alice": "# keys\nk1\nk2\n"},
	}
}

func (f *fakeOS) Lookup(name string) (accounts.User, error) {
	f.trace = append(f.trace, "lookup "+name)
	u, ok := f.users[name]
	if !ok {
		return u, accounts.ErrNoUser
	}
	return u, nil
}

func (f *fakeOS) SetPassword(name string, pw []byte, crypted bool) error {
	f.trace = append(f.trace, fmt.Sprintf("chpasswd %s %q crypted=%v", name, pw, crypted))
	return f.pwErr
}

func (f *fakeOS) ReadKeys(u accounts.User) ([]byte, error) {
	f.trace = append(f.trace, "read "+u.Name)
	if f.readErr != nil {
		return nil, f.readErr
	}
	c, ok := f.files[u.Name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: accounts.KeysPath(u), Err: syscall.ENOENT}
	}
	return []byte(c), nil
}

func (f *fakeOS) WriteKeys(u accounts.User, content []byte) error {
	f.trace = append(f.trace, fmt.Sprintf("write %s %q", u.Name, content))
	f.files[u.Name] = string(content)
	return nil
}

func spec(name string) *command.Spec {
	for i := range Specs {
		if Specs[i].Name == name {
			return &Specs[i]
		}
	}
	panic(name)
}

// run handles one request the way the domain shell does and returns the
// reply line; it fails t when Handle touched the OS inside the actor.
func run(t *testing.T, l *Logic, f *fakeOS, cmd, args string) string {
	t.Helper()
	req := &command.Request{Spec: spec(cmd), Args: []byte(args)}
	step := l.Handle(req)
	if len(f.trace) > 0 {
		t.Fatalf("Handle touched the OS inside the actor: %q", f.trace)
	}
	r := step.Reply
	if step.Op != nil {
		res, err := step.Op()
		r = step.Then(res, err)
	}
	return strings.TrimSuffix(string(r.Line), "\n")
}

func fail(desc string) string { return `{"error":{"class":"GenericError","desc":"` + desc + `"}}` }

const ok = `{"return":{}}`

func TestCommands(t *testing.T) {
	unsafe := &accounts.UnsafeError{Path: "/home/alice/.ssh", Why: "it is a symbolic link"}
	tests := []struct {
		name, cmd, args string
		setup           func(*fakeOS)
		reply           string
		trace           string
		audit           string // the audit line's fields, "" for none
	}{
		{name: "password", cmd: cmdPassword, args: `{"username":"alice","password":"aHVudGVyMg==","crypted":false}`,
			reply: ok, trace: `chpasswd alice "hunter2" crypted=false`, audit: "user=alice crypted=false"},
		{name: "crypted password, wrapped base64", cmd: cmdPassword, args: `{"username":"root","password":"JDYkc2FsdCRo\nYXNo","crypted":true}`,
			reply: ok, trace: `chpasswd root "$6$salt$hash" crypted=true`, audit: "user=root crypted=true"},
		// No user check before chpasswd, as in qemu-ga: chpasswd knows
		// users the passwd file does not (NSS), and its words go back.
		{name: "chpasswd fails", cmd: cmdPassword, args: `{"username":"bob","password":"eA==","crypted":false}`,
			setup: func(f *fakeOS) {
				f.pwErr = &accounts.ChildError{Status: 1, Output: "chpasswd: (line 1, user bob) password not changed"}
			},
			reply: fail("child process has failed to set user password: chpasswd: (line 1, user bob) password not changed"),
			trace: `chpasswd bob "x" crypted=false`,
			audit: "user=bob crypted=false error=child process has failed to set user password: chpasswd: (line 1, user bob) password not changed"},
		{name: "bad base64", cmd: cmdPassword, args: `{"username":"alice","password":"aGVs*bG8=","crypted":false}`,
			reply: fail("Base64 data contains invalid characters")},
		{name: "malformed base64", cmd: cmdPassword, args: `{"username":"alice","password":"aGVsbG8","crypted":false}`,
			reply: fail("Base64 data is malformed: '=' padding misplaced or length not a multiple of 4")},
		{name: "newline in password", cmd: cmdPassword, args: `{"username":"alice","password":"YQpi","crypted":false}`,
			reply: fail("forbidden characters in raw password")},
		{name: "NUL in password", cmd: cmdPassword, args: `{"username":"alice","password":"YQBi","crypted":false}`,
			reply: fail("forbidden characters in raw password")},
		{name: "colon in user", cmd: cmdPassword, args: `{"username":"a:b","password":"YQ==","crypted":false}`,
			reply: fail("forbidden characters in username")},
		{name: "newline in user", cmd: cmdPassword, args: `{"username":"a\nroot","password":"YQ==","crypted":false}`,
			reply: fail("forbidden characters in username")},

		{name: "get", cmd: cmdGet, args: `{"username":"alice"}`,
			reply: `{"return":{"keys":["k2","k1"]}}`, trace: "lookup alice\nread alice"},
		{name: "get, no file", cmd: cmdGet, args: `{"username":"root"}`,
			reply: fail("failed to read '/root/.ssh/authorized_keys': Failed to open file “/root/.ssh/authorized_keys”: No such file or directory"),
			trace: "lookup root\nread root"},
		{name: "get, unknown user", cmd: cmdGet, args: `{"username":"bob"}`,
			reply: fail("failed to lookup user 'bob': no such user"), trace: "lookup bob"},
		{name: "get, symlink", cmd: cmdGet, args: `{"username":"alice"}`, setup: func(f *fakeOS) { f.readErr = unsafe },
			reply: fail("failed to read '/home/alice/.ssh/authorized_keys': refusing '/home/alice/.ssh': it is a symbolic link"),
			trace: "lookup alice\nread alice"},
		{name: "get, empty", cmd: cmdGet, args: `{"username":"alice"}`, setup: func(f *fakeOS) { f.files["alice"] = "# none\n" },
			reply: `{"return":{"keys":[]}}`, trace: "lookup alice\nread alice"},

		{name: "add", cmd: cmdAdd, args: `{"username":"alice","keys":["k2","k3"]}`, reply: ok,
			trace: "lookup alice\nread alice\nwrite alice \"# keys\\nk1\\nk2\\nk3\\n\"", audit: "user=alice keys=2 added=1 reset=false written=true"},
		{name: "add, no file", cmd: cmdAdd, args: `{"username":"root","keys":["k"],"reset":false}`, reply: ok,
			trace: "lookup root\nread root\nwrite root \"k\\n\"", audit: "user=root keys=1 added=1 reset=false written=true"},
		{name: "add, reset", cmd: cmdAdd, args: `{"username":"alice","keys":["k9"],"reset":true}`, reply: ok,
			trace: "lookup alice\nwrite alice \"k9\\n\"", audit: "user=alice keys=1 added=1 reset=true written=true"},
		{name: "add, reset to nothing", cmd: cmdAdd, args: `{"username":"alice","keys":[],"reset":true}`, reply: ok,
			trace: "lookup alice\nwrite alice \"\"", audit: "user=alice keys=0 added=0 reset=true written=true"},
		{name: "add, refused file", cmd: cmdAdd, args: `{"username":"alice","keys":["k"]}`, setup: func(f *fakeOS) { f.readErr = unsafe },
			reply: fail("failed to read '/home/alice/.ssh/authorized_keys': refusing '/home/alice/.ssh': it is a symbolic link"),
			trace: "lookup alice\nread alice", audit: "user=alice keys=1 added=0 reset=false written=false error=failed to read '/home/alice/.ssh/authorized_keys': refusing '/home/alice/.ssh': it is a symbolic link"},
		// Keys are checked before the user, as in qemu-ga.
		{name: "add, bad key", cmd: cmdAdd, args: `{"username":"bob","keys":["ok","a\u0000b"]}`,
			reply: fail(`invalid OpenSSH public key: 'a\u0000b'`)},
		{name: "add, too large", cmd: cmdAdd, args: `{"username":"alice","keys":["` + strings.Repeat("k", accounts.MaxKeysFile) + `"]}`,
			reply: fail("the keys are larger than authorized_keys may be (4194304 bytes)")},
		{name: "add, unknown user", cmd: cmdAdd, args: `{"username":"bob","keys":["k"]}`,
			reply: fail("failed to lookup user 'bob': no such user"), trace: "lookup bob",
			audit: "user=bob keys=1 added=0 reset=false written=false error=failed to lookup user 'bob': no such user"},

		{name: "remove", cmd: cmdRemove, args: `{"username":"alice","keys":["k1","k7"]}`, reply: ok,
			trace: "lookup alice\nread alice\nwrite alice \"# keys\\nk2\\n\"", audit: "user=alice keys=2 removed=1 written=true"},
		{name: "remove, absent key", cmd: cmdRemove, args: `{"username":"alice","keys":["k7"]}`, reply: ok,
			trace: "lookup alice\nread alice", audit: "user=alice keys=1 removed=0 written=false"},
		{name: "remove, no file", cmd: cmdRemove, args: `{"username":"root","keys":["k7"]}`, reply: ok,
			trace: "lookup root\nread root", audit: "user=root keys=1 removed=0 written=false"},
		{name: "remove, bad key", cmd: cmdRemove, args: `{"username":"alice","keys":["#k"]}`,
			reply: fail("invalid OpenSSH public key: '#k'")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			if tt.setup != nil {
				tt.setup(f)
			}
			core, logs := observer.New(zap.InfoLevel)
			l := New(f, zap.New(core))
			if got := run(t, l, f, tt.cmd, tt.args); got != tt.reply {
				t.Errorf("reply\n got %s\nwant %s", got, tt.reply)
			}
			if got := strings.Join(f.trace, "\n"); got != tt.trace {
				t.Errorf("trace\n got %s\nwant %s", got, tt.trace)
			}
			if got := auditFields(t, logs, tt.cmd); got != tt.audit {
				t.Errorf("audit\n got %q\nwant %q", got, tt.audit)
			}
		})
	}
}

// auditFields renders the one audit line (if any) as "k=v ...", in order,
// and checks no secret from the tests made it into any log line.
func auditFields(t *testing.T, logs *observer.ObservedLogs, cmd string) string {
	t.Helper()
	var lines []string
	for _, e := range logs.All() {
		m := e.ContextMap()
		for k, v := range m {
			for _, secret := range []string{"hunter2", "aHVudGVyMg", "k1", "k2", "k3", "k9"} {
				if strings.Contains(fmt.Sprint(v), secret) {
					t.Errorf("log field %s=%q holds a secret or a key", k, v)
				}
			}
		}
		if e.Message != "audit" || e.LoggerName != "audit" {
			continue
		}
		if m["command"] != cmd {
			t.Errorf("audit line for %v", m["command"])
		}
		var kv []string
		for _, f := range e.Context[1:] {
			kv = append(kv, fmt.Sprintf("%s=%v", f.Key, m[f.Key]))
		}
		lines = append(lines, strings.Join(kv, " "))
	}
	if len(lines) > 1 {
		t.Errorf("%d audit lines", len(lines))
	}
	return strings.Join(lines, "|")
}

// None of the four may run while frozen: the gate reads AllowedFrozen.
func TestSpecs(t *testing.T) {
	if len(Specs) != 4 {
		t.Fatalf("%d specs", len(Specs))
	}
	for _, s := range Specs {
		if s.AllowedFrozen || s.NoSuccessResponse || s.Domain != Name {
			t.Errorf("%s: %+v", s.Name, s)
		}
	}
}
