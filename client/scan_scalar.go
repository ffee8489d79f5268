package client

import "github.com/goqga/goqga/jsonscan"

// skipString skips the string at d[i] == '"'. Raw bytes >= 0x20 are taken
// as they are (encoding/json does not reject invalid UTF-8 either).
func skipString(d []byte, i int) (int, error) {
	for j := i + 1; j < len(d); {
		j += jsonscan.PlainLen(d[j:])
		if j >= len(d) {
			break
		}
		switch c := d[j]; {
		case c == '"':
			return j + 1, nil
		case c == '\\':
			n, err := escapeLen(d, j)
			if err != nil {
				return j, err
			}
			j += n
		case c < 0x20:
			return j, errAt(d, j)
		default:
			j++ // 0xFE or 0xFF, where PlainLen stops: a plain byte here
		}
	}
	return len(d), errAt(d, len(d))
}

// escapeLen returns the length of the escape sequence at d[j] == '\\'.
func escapeLen(d []byte, j int) (int, error) {
	if j+1 >= len(d) {
		return 0, errAt(d, j+1)
	}
	switch d[j+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, nil
	case 'u':
		for k := j + 2; k < j+6; k++ {
			if k >= len(d) || !isHex(d[k]) {
				return 0, errAt(d, k)
			}
		}
		return 6, nil
	}
	return 0, errAt(d, j+1)
}

func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// skipNumber skips -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func skipNumber(d []byte, i int) (int, error) {
	if d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && isDigit(d[i]):
		i = skipDigits(d, i)
	default:
		return i, errAt(d, i)
	}
	if i < len(d) && d[i] == '.' {
		if i+1 >= len(d) || !isDigit(d[i+1]) {
			return i + 1, errAt(d, i+1)
		}
		i = skipDigits(d, i+1)
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || !isDigit(d[i]) {
			return i, errAt(d, i)
		}
		i = skipDigits(d, i)
	}
	return i, nil
}

func skipDigits(d []byte, i int) int {
	for i < len(d) && isDigit(d[i]) {
		i++
	}
	return i
}
