package sysinfo

import "strings"

// ParseOSRelease reads an os-release(5) file: KEY=VALUE lines whose
// values use shell quoting. Comments, blank lines and lines that are no
// assignment are skipped (qemu-ga's keyfile parser drops the whole file
// for one such line); a later assignment of a key wins, as in a shell.
func ParseOSRelease(b []byte) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimLeft(line, " \t\r")
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k = strings.TrimRight(k, " \t")
		if !ok || k == "" {
			continue
		}
		out[k] = shellWord(strings.TrimLeft(v, " \t"))
	}
	return out
}

// shellWord reads the first word of s as a POSIX shell would: 'single'
// quotes take everything literally; "double" quotes let a backslash
// escape $ ` " \ only; unquoted, a backslash escapes any character and
// a blank or ';' ends the word. An unterminated quote runs to the end.
func shellWord(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				j = len(s) - i - 1
			}
			b.WriteString(s[i+1 : i+1+j])
			i += j + 1
		case c == '"':
			i = doubleQuoted(&b, s, i+1)
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
		case c == ' ' || c == '\t' || c == ';' || c == '\r':
			return b.String()
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// doubleQuoted copies s from i up to the closing quote and returns its
// index.
func doubleQuoted(b *strings.Builder, s string, i int) int {
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return i
		case c == '\\' && i+1 < len(s) && strings.IndexByte("$`\"\\", s[i+1]) >= 0:
			i++
			b.WriteByte(s[i])
		default:
			b.WriteByte(c)
		}
	}
	return i
}
