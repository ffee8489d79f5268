package users

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"strings"
)

// Login is one login: a utmp USER_PROCESS record or a logind session.
type Login struct {
	User string
	Sec  int64 // login time: seconds since the epoch
	Usec int64 // and microseconds
}

// Source lists the guest's logins.
type Source interface {
	// Utmp lists utmp's USER_PROCESS records; an error matching
	// fs.ErrNotExist when the guest has no utmp file.
	Utmp() ([]Login, error)
	// Sessions lists systemd-logind's user sessions.
	Sessions() ([]Login, error)
}

// Paths the Linux Source reads.
var (
	UtmpPath    = "/var/run/utmp"
	SessionsDir = "/run/systemd/sessions"
)

// Bounds on what is read.
const (
	MaxUtmp        = 4 << 20 // about 10900 records
	MaxSessions    = 4096
	MaxSessionFile = 64 << 10
)

// glibc's struct utmp on x86_64 (and every 64-bit glibc but s390's
// 32-bit compat): 384 bytes.
const (
	utmpSize    = 384
	UserProcess = 7 // ut_type of a login
	offType     = 0
	offLine     = 8
	lineLen     = 32
	offUser     = 44
	userLen     = 32
	offTvSec    = 340 // int32, as glibc keeps it for 32/64-bit compatibility
	offTvUsec   = 344
)

// ParseUtmp returns the USER_PROCESS records of a utmp file, in order. A
// trailing partial record is ignored, as getutxent does. The user name is
// the ut_user field up to its first NUL (it need not have one).
func ParseUtmp(b []byte) []Login {
	var out []Login
	le := binary.LittleEndian
	for ; len(b) >= utmpSize; b = b[utmpSize:] {
		if int16(le.Uint16(b[offType:])) != UserProcess {
			continue
		}
		user := b[offUser : offUser+userLen]
		if i := bytes.IndexByte(user, 0); i >= 0 {
			user = user[:i]
		}
		out = append(out, Login{
			User: string(user),
			Sec:  int64(int32(le.Uint32(b[offTvSec:]))),
			Usec: int64(int32(le.Uint32(b[offTvUsec:]))),
		})
	}
	return out
}

// ParseSession reads one of logind's session files. ok is false for a
// session that is not a user's (CLASS greeter, lock-screen, background,
// manager), one that is closing, or one without USER or REALTIME.
func ParseSession(b []byte) (l Login, ok bool) {
	kv := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, found := strings.Cut(line, "=")
		if found {
			kv[k] = v
		}
	}
	us, err := strconv.ParseInt(kv["REALTIME"], 10, 64)
	if kv["USER"] == "" || err != nil || us < 0 || kv["STATE"] == "closing" {
		return Login{}, false
	}
	if c := kv["CLASS"]; c != "" && !strings.HasPrefix(c, "user") {
		return Login{}, false
	}
	return Login{User: kv["USER"], Sec: us / 1e6, Usec: us % 1e6}, true
}

// UtmpRecord encodes l as one glibc x86_64 utmp record of type typ
// (UserProcess for a login): how tests and the VM suite make utmp files.
func UtmpRecord(typ int16, l Login) []byte {
	b := make([]byte, utmpSize)
	le := binary.LittleEndian
	le.PutUint16(b[offType:], uint16(typ))
	copy(b[offUser:offUser+userLen], l.User)
	copy(b[offLine:offLine+lineLen], "pts/0")
	le.PutUint32(b[offTvSec:], uint32(int32(l.Sec)))
	le.PutUint32(b[offTvUsec:], uint32(int32(l.Usec)))
	return b
}
