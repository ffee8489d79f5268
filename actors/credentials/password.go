package credentials

import (
	"encoding/base64"
	"errors"
	"strings"
)

// Errors of the password checks, in qemu-ga's words where it has them.
var (
	errB64Chars     = errors.New("Base64 data contains invalid characters")
	errB64Malformed = errors.New("Base64 data is malformed: '=' padding misplaced or length not a multiple of 4")
	errPasswordChar = errors.New("forbidden characters in raw password")
	errUserChar     = errors.New("forbidden characters in username")
)

// b64Chars is what the base64 of a password may hold.
const b64Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n"

// decodePassword decodes the base64 password as qemu-ga accepts it
// (standard alphabet, line breaks ignored), but strictly: where GLib
// silently drops a malformed tail, the password would be set to
// something the host never sent, so that is an error here.
func decodePassword(s string) ([]byte, error) {
	for i := range len(s) {
		if strings.IndexByte(b64Chars, s[i]) < 0 {
			return nil, errB64Chars
		}
	}
	b, err := base64.StdEncoding.Strict().DecodeString(s) // skips \r and \n
	if err != nil {
		return nil, errB64Malformed
	}
	return b, nil
}

// checkPassword refuses what would break chpasswd's "user:password" line:
// a newline (qemu-ga's check), or a NUL, where qemu-ga would silently
// set the password to what comes before it.
func checkPassword(user string, password []byte) error {
	for _, c := range password {
		if c == '\n' || c == 0 {
			return errPasswordChar
		}
	}
	if strings.ContainsAny(user, "\n:\x00") {
		return errUserChar
	}
	return nil
}
