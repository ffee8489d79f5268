package framer

// Byte classes. 0xFF and 0xFE never occur in UTF-8, so clients use them as
// resynchronisation sentinels.

func isSentinel(b byte) bool { return b >= 0xFE }

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

func isHex(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

func isLetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }

// endsBare reports whether b ends a number or keyword. Everything else,
// however odd ('@', a control byte, UTF-8), belongs to the token, so a run
// of junk is one bad token and one error.
func endsBare(b byte) bool {
	switch b {
	case ' ', '\t', '\n', '\r', '{', '}', '[', ']', ',', ':', '"':
		return true
	}
	return isSentinel(b)
}

func opener(closer byte) byte {
	if closer == '}' {
		return '{'
	}
	return '['
}

// maxShown bounds the token text quoted in an error message.
const maxShown = 32

// bareToken follows a number or keyword byte by byte, so it works however
// the token is split across Push calls, keeping only its first bytes.
type bareToken struct {
	n    int
	text [maxShown]byte
	num  numState
}

func (t *bareToken) start(b byte) {
	t.n, t.num = 0, numStart
	t.add(b)
}

func (t *bareToken) add(b byte) {
	if t.n < len(t.text) {
		t.text[t.n] = b
	}
	t.n++
	t.num = t.num.next(b)
}

// check returns "" for a valid number or keyword, else the error text.
func (t *bareToken) check() string {
	shown := t.text[:min(t.n, len(t.text))]
	switch c := shown[0]; {
	case c == '-' || isDigit(c):
		if t.num.accepts() {
			return ""
		}
		return invalidNumberErr(shown)
	case isLetter(c):
		if t.n <= 5 {
			switch string(shown) {
			case "true", "false", "null":
				return ""
			}
		}
		return invalidKeywordErr(shown)
	default:
		return strayTokenErr(shown)
	}
}

// numState is a DFA for RFC 8259 numbers:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
type numState uint8

const (
	numBad numState = iota
	numStart
	numMinus
	numZero  // accepting
	numInt   // accepting
	numDot   // after '.'
	numFrac  // accepting
	numE     // after 'e'
	numESign // after 'e+' or 'e-'
	numExp   // accepting
)

func (s numState) accepts() bool {
	return s == numZero || s == numInt || s == numFrac || s == numExp
}

func (s numState) next(b byte) numState {
	switch s {
	case numStart:
		if b == '-' {
			return numMinus
		}
		fallthrough
	case numMinus:
		switch {
		case b == '0':
			return numZero
		case isDigit(b):
			return numInt
		}
	case numZero, numInt:
		switch {
		case s == numInt && isDigit(b):
			return numInt
		case b == '.':
			return numDot
		case b == 'e' || b == 'E':
			return numE
		}
	case numDot, numFrac:
		switch {
		case isDigit(b):
			return numFrac
		case s == numFrac && (b == 'e' || b == 'E'):
			return numE
		}
	case numE:
		switch {
		case b == '+' || b == '-':
			return numESign
		case isDigit(b):
			return numExp
		}
	case numESign, numExp:
		if isDigit(b) {
			return numExp
		}
	}
	return numBad
}
