package accounts

import (
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"github.com/goqga/goqga/os/sim"
)

// Sim is the simulated guest's accounts: users, homes and keys from its
// World. Password and key changes are journaled with the user name and
// counts only.
type Sim struct {
	mu      sync.Mutex
	users   []sim.User // the World's, changed in place
	journal *sim.Journal
}

// NewSim checks w's users (names unique and free of ':' and newlines,
// homes absolute) and serves them.
func NewSim(w *sim.World, j *sim.Journal) (*Sim, error) {
	seen := map[string]bool{}
	for _, u := range w.Users {
		if u.Name == "" || seen[u.Name] || filepath.Base(u.Name) != u.Name || strings.ContainsAny(u.Name, ":\n\x00") {
			return nil, fmt.Errorf("sim user %q: bad or repeated name", u.Name)
		}
		if !filepath.IsAbs(u.Home) {
			return nil, fmt.Errorf("sim user %s: home %q is not absolute", u.Name, u.Home)
		}
		seen[u.Name] = true
	}
	if j == nil {
		j = sim.NewJournal(io.Discard)
	}
	return &Sim{users: w.Users, journal: j}, nil
}

func (s *Sim) find(name string) *sim.User {
	for i := range s.users {
		if s.users[i].Name == name {
			return &s.users[i]
		}
	}
	return nil
}

// Lookup finds a World user.
func (s *Sim) Lookup(name string) (User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.find(name)
	if u == nil {
		return User{}, ErrNoUser
	}
	return User{Name: u.Name, UID: u.UID, GID: u.GID, Home: filepath.Clean(u.Home)}, nil
}

// SetPassword fails as chpasswd does for an unknown user or one whose
// change the World refuses; else it journals
// {"op":"set-password","user":name,"crypted":bool}.
func (s *Sim) SetPassword(name string, _ []byte, crypted bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.find(name)
	if u == nil || u.NoPasswordChange {
		return &ChildError{Status: 1, Output: "chpasswd: (line 1, user " + name + ") password not changed"}
	}
	s.journal.Record(map[string]any{"op": "set-password", "user": name, "crypted": crypted})
	return nil
}

// ReadKeys returns the World's authorized_keys of u.
func (s *Sim) ReadKeys(u User) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	su := s.find(u.Name)
	if su == nil || su.AuthorizedKeys == nil {
		return nil, &fs.PathError{Op: "open", Path: KeysPath(u), Err: syscall.ENOENT}
	}
	return []byte(*su.AuthorizedKeys), nil
}

// WriteKeys replaces the World's authorized_keys of u and journals
// {"op":"write-keys","user":name,"lines":n,"bytes":n}.
func (s *Sim) WriteKeys(u User, content []byte) error {
	if len(content) > MaxKeysFile {
		return &fs.PathError{Op: "write", Path: KeysPath(u), Err: ErrTooLarge}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	su := s.find(u.Name)
	if su == nil {
		return &fs.PathError{Op: "open", Path: u.Home, Err: syscall.ENOENT}
	}
	c := string(content)
	su.AuthorizedKeys = &c
	lines := 0
	for i := range len(content) {
		if content[i] == '\n' {
			lines++
		}
	}
	s.journal.Record(map[string]any{"op": "write-keys", "user": u.Name, "lines": lines, "bytes": len(content)})
	return nil
}
