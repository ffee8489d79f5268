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

// A line and a key are the same key when they are equal but for
// surrounding white space, as sshd reads them (qemu-ga compares exactly,
// so a line with a trailing space or a CRLF ending never matched).

// addKeys appends each key no line already holds (the ones just added
// included) and reports how many it appended. Existing lines, comments
// and blank lines included, are kept as they are. Linear: a set of the
// trimmed lines, however many keys a request brings.
func addKeys(content []byte, keys []string) ([]byte, int) {
	lines := splitLines(content)
	have := trimmedSet(lines)
	added := 0
	for _, k := range keys {
		t := strings.Trim(k, space)
		if !have[t] {
			have[t] = true
			lines = append(lines, k)
			added++
		}
	}
	return joinLines(lines), added
}

// trimmedSet is the set of list's members with surrounding white space
// trimmed: the form in which a line and a key are the same key.
func trimmedSet(list []string) map[string]bool {
	set := make(map[string]bool, len(list))
	for _, l := range list {
		set[strings.Trim(l, space)] = true
	}
	return set
}

// removeKeys drops every line that matches one of keys and reports how
// many it dropped; a key no line holds is not an error.
func removeKeys(content []byte, keys []string) ([]byte, int) {
	drop := trimmedSet(keys)
	var kept []string
	lines := splitLines(content)
	for _, l := range lines {
		if !drop[strings.Trim(l, space)] {
			kept = append(kept, l)
		}
	}
	return joinLines(kept), len(lines) - len(kept)
}

// keyBytes is what keys take as lines of the file.
func keyBytes(keys []string) int {
	n := 0
	for _, k := range keys {
		n += len(k) + 1
	}
	return n
}
