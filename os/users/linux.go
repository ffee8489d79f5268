package users

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/goqga/goqga/os/smallfile"
)

// Linux reads the real guest's utmp and logind records.
type Linux struct {
	UtmpPath    string
	SessionsDir string
}

// NewLinux returns the real Source.
func NewLinux() *Linux { return &Linux{UtmpPath: UtmpPath, SessionsDir: SessionsDir} }

// Utmp reads the utmp file (a missing one is fs.ErrNotExist).
func (l *Linux) Utmp() ([]Login, error) {
	b, err := smallfile.Read(l.UtmpPath, MaxUtmp)
	if err != nil {
		return nil, err
	}
	return ParseUtmp(b), nil
}

// Sessions reads every session file, in name order (logind names them
// by number, so a stable order; the caller keeps the earliest login).
// A missing directory is no session; so is a file that vanished between
// the listing and the read (the session ended).
func (l *Linux) Sessions() ([]Login, error) {
	d, err := os.Open(l.SessionsDir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	names, err := d.Readdirnames(MaxSessions + 1)
	d.Close()
	if err != nil && err != io.EOF {
		return nil, err
	}
	if len(names) > MaxSessions {
		return nil, fmt.Errorf("%s: more than %d sessions", l.SessionsDir, MaxSessions)
	}
	sort.Strings(names)
	var out []Login
	for _, n := range names {
		if strings.HasPrefix(n, ".") || strings.Contains(n, ".") { // *.ref FIFOs, temporary files
			continue
		}
		p := filepath.Join(l.SessionsDir, n)
		if st, err := os.Lstat(p); err != nil || !st.Mode().IsRegular() {
			continue
		}
		b, err := smallfile.Read(p, MaxSessionFile)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if s, ok := ParseSession(b); ok {
			out = append(out, s)
		}
	}
	return out, nil
}
