package freeze

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// MaxMounts bounds the mounts ParseMountinfo returns: a guest with more
// is refused instead of growing the agent without limit.
const MaxMounts = 1 << 16

// maxLine bounds one mountinfo line (mount points are at most PATH_MAX,
// escaped four times over, plus options).
const maxLine = 1 << 20

// ParseMountinfo reads /proc/PID/mountinfo (proc(5)):
//
//	36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw
//
// i.e. mount ID, parent ID, major:minor, root, mount point, options, zero
// or more optional fields ended by "-", type, source, super options. A
// line that does not have this shape is skipped. Only reading can fail,
// or a table larger than MaxMounts.
func ParseMountinfo(r io.Reader) ([]Mount, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	var out []Mount
	for sc.Scan() {
		m, ok := parseLine(sc.Text())
		if !ok {
			continue
		}
		if len(out) == MaxMounts {
			return nil, fmt.Errorf("mountinfo lists more than %d mounts", MaxMounts)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading mountinfo: %w", err)
	}
	return out, nil
}

func parseLine(line string) (Mount, bool) {
	// Walked field by field (no Split): guest-get-fsinfo parses the whole
	// table on every call.
	var f [6]string // mount ID, parent ID, major:minor, root, mount point, options
	rest, ok := line, true
	for i := range f {
		if f[i], rest, ok = strings.Cut(rest, " "); !ok {
			return Mount{}, false
		}
	}
	for { // optional fields, up to the separator
		var field string
		if field, rest, ok = strings.Cut(rest, " "); !ok {
			return Mount{}, false // no separator, or nothing after it
		}
		if field == "-" {
			break
		}
	}
	typ, rest, ok := strings.Cut(rest, " ")
	source, _, _ := strings.Cut(rest, " ")
	if !ok || f[4] == "" || typ == "" {
		return Mount{}, false
	}
	major, minor, ok := parseDev(f[2])
	if !ok {
		return Mount{}, false
	}
	return Mount{Path: Unescape(f[4]), Type: Unescape(typ), Major: major, Minor: minor, Source: Unescape(source)}, true
}

// parseDev parses "major:minor" in decimal.
func parseDev(s string) (uint32, uint32, bool) {
	a, b, ok := strings.Cut(s, ":")
	if !ok {
		return 0, 0, false
	}
	major, err1 := strconv.ParseUint(a, 10, 32)
	minor, err2 := strconv.ParseUint(b, 10, 32)
	return uint32(major), uint32(minor), err1 == nil && err2 == nil
}

// Unescape decodes the kernel's octal escapes (\040 for a space, \011,
// \012, \134 for a backslash): a backslash followed by exactly three
// octal digits of a byte value is that byte; anything else stays as is.
func Unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if v, ok := octal(s, i); ok {
			b.WriteByte(v)
			i += 3
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// octal decodes the escape starting at s[i], if there is one.
func octal(s string, i int) (byte, bool) {
	if s[i] != '\\' || i+3 >= len(s) {
		return 0, false
	}
	v := 0
	for _, c := range []byte(s[i+1 : i+4]) {
		if c < '0' || c > '7' {
			return 0, false
		}
		v = v*8 + int(c-'0')
	}
	return byte(v), v <= 0xff
}

// Escape is Unescape's inverse for the bytes the kernel escapes (space,
// tab, newline, backslash); tests use it to render mountinfo lines.
func Escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\\':
			fmt.Fprintf(&b, `\%03o`, c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
