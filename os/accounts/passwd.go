package accounts

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
)

// MaxPasswd bounds how much of the passwd file is read.
const MaxPasswd = 16 << 20

// FindUser looks name up in the content of a passwd file
// (name:password:uid:gid:gecos:home:shell per line), as glibc's files
// backend does: the first line with that name wins; lines with too few
// fields or a bad uid or gid are skipped; NIS compat lines ("+", "-")
// name nobody. A match whose home is not absolute is an error: qemu-ga
// would resolve .ssh against its own working directory.
func FindUser(passwd []byte, name string) (User, error) {
	if name == "" {
		return User{}, ErrNoUser
	}
	for len(passwd) > 0 {
		var line []byte
		line, passwd, _ = bytes.Cut(passwd, []byte{'\n'})
		u, ok := parseEntry(line)
		if !ok || u.Name != name {
			continue
		}
		if !filepath.IsAbs(u.Home) {
			return User{}, fmt.Errorf("home directory '%s' is not an absolute path", u.Home)
		}
		u.Home = filepath.Clean(u.Home)
		return u, nil
	}
	return User{}, ErrNoUser
}

// parseEntry splits one passwd line; ok is false for lines that name no
// usable account.
func parseEntry(line []byte) (User, bool) {
	f := bytes.Split(line, []byte{':'})
	if len(f) < 7 || len(f[0]) == 0 || f[0][0] == '+' || f[0][0] == '-' {
		return User{}, false
	}
	uid, err1 := strconv.ParseUint(string(f[2]), 10, 32)
	gid, err2 := strconv.ParseUint(string(f[3]), 10, 32)
	if err1 != nil || err2 != nil {
		return User{}, false
	}
	return User{Name: string(f[0]), UID: int(uid), GID: int(gid), Home: string(f[5])}, true
}
