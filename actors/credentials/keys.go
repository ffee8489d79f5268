package credentials

import (
	"bytes"
	"fmt"
	"strings"
)

// space is what GLib's g_strstrip trims (g_ascii_isspace), which qemu-ga
// applies to every line it reports.
const space = " \t\n\v\f\r"

// splitLines cuts authorized_keys into lines; a final newline ends the
// last line rather than starting an empty one.
func splitLines(content []byte) []string {
	if len(content) == 0 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(content), "\n"), "\n")
}

// joinLines is splitLines' inverse: every line ends with a newline, so a
// line appended later by another tool (echo >>) starts on its own.
func joinLines(lines []string) []byte {
	var b bytes.Buffer
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// listKeys is what guest-ssh-get-authorized-keys reports: every line
// trimmed, blank lines and comments dropped, in qemu-ga's order (last
// line first: it builds its list by prepending).
func listKeys(content []byte) []string {
	keys := []string{}
	lines := splitLines(content)
	for i := len(lines) - 1; i >= 0; i-- {
		k := strings.Trim(lines[i], space)
		if k == "" || k[0] == '#' {
			continue
		}
		keys = append(keys, k)
	}
	return keys
}

// checkKeys refuses what cannot be one line of authorized_keys: a key
// with a line break or a NUL inside, or one that is a comment. The text is
// qemu-ga's (which checks only '\n' and a leading '#').
func checkKeys(keys []string) error {
	for _, k := range keys {
		if strings.ContainsAny(k, "\n\r\x00") || strings.HasPrefix(strings.TrimLeft(k, space), "#") {
			return fmt.Errorf("invalid OpenSSH public key: '%s'", k)
		}
	}
	return nil
}

// sameKey compares a line with a key as sshd would read them: surrounding
// white space does not count (qemu-ga compares exactly, so a line with a
// trailing space or a CRLF ending was never matched).
func sameKey(line, key string) bool { return strings.Trim(line, space) == strings.Trim(key, space) }

// addKeys appends each key no line already holds (the ones just added
// included) and reports how many it appended. Existing lines, comments
// and blank lines included, are kept as they are.
func addKeys(content []byte, keys []string) ([]byte, int) {
	lines := splitLines(content)
	added := 0
	for _, k := range keys {
		if !anySame(lines, k) {
			lines = append(lines, k)
			added++
		}
	}
	return joinLines(lines), added
}

// anySame reports whether one of list is the same key as s.
func anySame(list []string, s string) bool {
	for _, l := range list {
		if sameKey(l, s) {
			return true
		}
	}
	return false
}

// removeKeys drops every line that matches one of keys and reports how
// many it dropped; a key no line holds is not an error.
func removeKeys(content []byte, keys []string) ([]byte, int) {
	var kept []string
	lines := splitLines(content)
	for _, l := range lines {
		if !anySame(keys, l) {
			kept = append(kept, l)
		}
	}
	return joinLines(kept), len(lines) - len(kept)
}
