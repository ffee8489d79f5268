package framer

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error texts of the limits, as qemu-ga words them. Exported so the
// dispatcher and its tests can recognise them.
const (
	ErrNestingDepth = "JSON nesting depth limit exceeded"
	ErrTokenSize    = "JSON token size limit exceeded"
	ErrTokenCount   = "JSON token count limit exceeded"
)

// Lexical errors, in qemu-ga's "JSON parse error, ..." style.
const (
	errEscape  = "JSON parse error, invalid escape sequence in string"
	errControl = "JSON parse error, invalid control character in string"
)

func strayErr(b byte) string { return "JSON parse error, stray '" + string(rune(b)) + "'" }

func mismatchErr(b byte) string { return "JSON parse error, mismatched '" + string(rune(b)) + "'" }

func invalidKeywordErr(text []byte) string {
	return "JSON parse error, invalid keyword '" + shown(text, maxShown) + "'"
}

func invalidNumberErr(text []byte) string {
	return "JSON parse error, invalid number '" + shown(text, maxShown) + "'"
}

// strayTokenErr names the first character of a token that is neither a
// number nor a keyword ("@", a control byte, a lone UTF-8 letter).
func strayTokenErr(text []byte) string {
	_, size := utf8.DecodeRune(text)
	return "JSON parse error, stray '" + shown(text[:size], maxShown) + "'"
}

// shown renders token bytes for an error message: valid UTF-8 whatever the
// input, control and invalid bytes escaped Go-style, at most limit
// characters (a peer cannot make the error reply long).
func shown(raw []byte, limit int) string {
	var sb strings.Builder
	n := 0
	for len(raw) > 0 {
		r, size := utf8.DecodeRune(raw)
		var piece string
		switch {
		case r == utf8.RuneError && size == 1:
			piece = fmt.Sprintf(`\x%02x`, raw[0])
		case r == '\'' || r == '\\':
			piece = `\` + string(r)
		case unicode.IsPrint(r):
			piece = string(r)
		default:
			q := strconv.QuoteRune(r)
			piece = q[1 : len(q)-1]
		}
		k := utf8.RuneCountInString(piece)
		if n+k > limit {
			break
		}
		sb.WriteString(piece)
		n += k
		raw = raw[size:]
	}
	return sb.String()
}
