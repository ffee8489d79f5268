package framer

import "encoding/binary"

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

// stringSpecial marks the bytes that stop a plain run inside a string.
var stringSpecial = func() (t [256]bool) {
	for b := range 0x20 {
		t[b] = true
	}
	t['"'], t['\\'], t[0xFE], t[0xFF] = true, true, true, true
	return t
}()

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainLen returns the length of the longest prefix of s inside a string
// body that needs no attention: no quote, backslash, control byte or
// sentinel. Base64 payloads of tens of MiB go through here, so it tests
// eight bytes per step: (x - ones*n) &^ x & highs is non-zero exactly when
// some byte of x is below n (n <= 0x80), so a quote or backslash is a zero
// byte of x^pattern and a sentinel is a byte below 2 of ^x.
func plainLen(s []byte) int {
	// Most strings are short keys and command names: a plain byte loop
	// finds their end sooner than the word tests would.
	head := min(len(s), 16)
	for i := range head {
		if stringSpecial[s[i]] {
			return i
		}
	}
	i := head
	// Four words per step: the OR of independent tests keeps the CPU busy,
	// and a hit is located by the checks below.
	for ; i+32 <= len(s); i += 32 {
		b := s[i : i+32]
		t := special8(binary.LittleEndian.Uint64(b)) |
			special8(binary.LittleEndian.Uint64(b[8:])) |
			special8(binary.LittleEndian.Uint64(b[16:])) |
			special8(binary.LittleEndian.Uint64(b[24:]))
		if t != 0 {
			break
		}
	}
	for ; i+8 <= len(s); i += 8 {
		if special8(binary.LittleEndian.Uint64(s[i:])) != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if stringSpecial[s[i]] {
			return i
		}
	}
	return i
}

// special8 is non-zero when one of the eight bytes of x is special.
func special8(x uint64) uint64 {
	q := x ^ (ones * '"')
	bs := x ^ (ones * '\\')
	hi := ^x
	t := (q - ones) &^ q
	t |= (bs - ones) &^ bs
	t |= (x - ones*0x20) &^ x
	t |= (hi - ones*2) &^ hi
	return t & highs
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
