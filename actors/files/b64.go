package files

import (
	"encoding/binary"
	"errors"
	"strconv"
)

// Errors of decodeB64. The first is qemu-ga's text; the second is ours,
// since qemu-ga's GLib decoder silently drops what it cannot decode.
var (
	errB64Chars     = errors.New("Base64 data contains invalid characters")
	errB64Malformed = errors.New("Base64 data is malformed: '=' padding misplaced or length not a multiple of 4")
)

// b64Alphabet is standard base64's alphabet, in value order.
const b64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// b64Values maps a byte to its 6-bit value; 0xFF marks a non-alphabet byte.
var b64Values = func() (v [256]byte) {
	for i := range v {
		v[i] = 0xFF
	}
	for i := range len(b64Alphabet) {
		v[b64Alphabet[i]] = byte(i)
	}
	return v
}()

// b64Decoder decodes standard base64 one character at a time, skipping
// '\r' and '\n' (Proxmox wraps its base64 at 76 columns), and requires
// '=' padding to a multiple of four characters.
type b64Decoder struct {
	quad [4]byte
	q    int // characters in quad
	pad  int // '=' seen; once > 0 only '=' (to complete the quad) may follow
	done bool
}

// add consumes c, appending complete bytes to out.
func (d *b64Decoder) add(out []byte, c rune) ([]byte, error) {
	switch {
	case c == '\n' || c == '\r':
		return out, nil
	case c == '=':
		if d.done || d.q < 2 {
			return out, errB64Malformed
		}
		d.pad++
		if d.q+d.pad == 4 {
			d.done = true
			out = d.flush(out)
		}
		return out, nil
	case c > 0xFF || b64Values[c] == 0xFF:
		return out, errB64Chars
	case d.pad > 0 || d.done:
		return out, errB64Malformed
	}
	d.quad[d.q] = b64Values[c]
	d.q++
	if d.q == 4 {
		out = d.flush(out)
	}
	return out, nil
}

// flush emits the bytes of the current quad (3, or fewer when padded).
func (d *b64Decoder) flush(out []byte) []byte {
	v := uint(d.quad[0])<<18 | uint(d.quad[1])<<12 | uint(d.quad[2])<<6 | uint(d.quad[3])
	out = append(out, byte(v>>16), byte(v>>8), byte(v))[:len(out)+d.q-1]
	d.quad, d.q = [4]byte{}, 0
	return out
}

func (d *b64Decoder) end() error {
	if d.q != 0 || (d.pad > 0 && !d.done) {
		return errB64Malformed
	}
	return nil
}

// decodeB64 decodes lit, the raw JSON string literal of guest-file-write's
// buf-b64 (quotes included, escapes not yet resolved), and returns the
// bytes. It works in place: lit's storage is overwritten, which is safe
// because every 3 bytes written come from at least 4 read. So a 64 MiB
// request costs no second copy of the data.
//
// lit must be a valid JSON string (command.Validate has checked it);
// anything else is reported as invalid characters.
func decodeB64(lit []byte) ([]byte, error) {
	if len(lit) < 2 || lit[0] != '"' || lit[len(lit)-1] != '"' {
		return nil, errB64Chars
	}
	var d b64Decoder
	out := lit[:0]
	var err, malformed error
	end := len(lit) - 1
	for i := 1; i < end; {
		if d.q == 0 && !d.done && malformed == nil {
			var o int
			o, i = decodeRun(lit, len(out), i, end)
			out = lit[:o]
			if i >= end {
				break
			}
		}
		if i+4 <= end && d.q == 0 && !d.done && malformed == nil {
			// Fast path: four alphabet characters make three bytes.
			a, b, c, e := b64Values[lit[i]], b64Values[lit[i+1]], b64Values[lit[i+2]], b64Values[lit[i+3]]
			if (a|b|c|e)&0xC0 == 0 {
				v := uint(a)<<18 | uint(b)<<12 | uint(c)<<6 | uint(e)
				out = append(out, byte(v>>16), byte(v>>8), byte(v))
				i += 4
				continue
			}
		}
		c := rune(lit[i])
		i++
		if c == '\\' {
			if c, i, err = unescape(lit, i); err != nil {
				return nil, err
			}
		}
		if malformed != nil {
			// Keep looking for invalid characters: like qemu-ga, they are
			// reported first, wherever they are.
			if !validB64Char(c) {
				return nil, errB64Chars
			}
			continue
		}
		out, err = d.add(out, c)
		if err == errB64Chars {
			return nil, err
		}
		malformed = err
	}
	if malformed != nil {
		return nil, malformed
	}
	return out, d.end()
}

// decodeRun decodes whole groups of eight alphabet characters from
// lit[i:end] into lit[o:], in place, until a group holds anything else,
// and returns the new o and i. It is the hot loop of a large write (most
// of the data goes through it), kept tight: 1.8 GB/s where the general
// loop below, which handles escapes, line breaks and padding, does 1.1.
// A group's six bytes are stored with one 8-byte write after its eight
// characters are read: since o < i, the write ends before lit[i+8], the
// next group, so no unread character is overwritten (its two extra bytes
// are overwritten by the next group's).
func decodeRun(lit []byte, o, i, end int) (int, int) {
	for i+8 <= end {
		b := lit[i : i+8 : i+8]
		c0, c1, c2, c3 := b64Values[b[0]], b64Values[b[1]], b64Values[b[2]], b64Values[b[3]]
		c4, c5, c6, c7 := b64Values[b[4]], b64Values[b[5]], b64Values[b[6]], b64Values[b[7]]
		if (c0|c1|c2|c3|c4|c5|c6|c7)&0xC0 != 0 {
			break
		}
		v := uint64(c0)<<58 | uint64(c1)<<52 | uint64(c2)<<46 | uint64(c3)<<40 |
			uint64(c4)<<34 | uint64(c5)<<28 | uint64(c6)<<22 | uint64(c7)<<16
		binary.BigEndian.PutUint64(lit[o:o+8], v)
		o, i = o+6, i+8
	}
	return o, i
}

func validB64Char(c rune) bool {
	return c == '\n' || c == '\r' || c == '=' || (c <= 0xFF && b64Values[c] != 0xFF)
}

// unescape resolves the JSON escape whose letter is at lit[i] and returns
// the character and the index after the escape. Escapes that cannot stand
// for a base64 character (\b, \f, \t, non-ASCII \u) are invalid characters.
func unescape(lit []byte, i int) (rune, int, error) {
	if i >= len(lit)-1 {
		return 0, i, errB64Chars
	}
	switch lit[i] {
	case '"', '\\', '/':
		return rune(lit[i]), i + 1, nil
	case 'n':
		return '\n', i + 1, nil
	case 'r':
		return '\r', i + 1, nil
	case 'u':
		if i+5 > len(lit)-1 {
			return 0, i, errB64Chars
		}
		v, err := strconv.ParseUint(string(lit[i+1:i+5]), 16, 16)
		if err != nil || v > 0x7F {
			return 0, i, errB64Chars
		}
		return rune(v), i + 5, nil
	}
	return 0, i, errB64Chars
}

// DecodeB64 decodes a base64 argument given as its JSON string literal
// (quotes included), in place, with guest-file-write's rules and error
// texts: the exec domain decodes input-data with it, so both commands
// accept and refuse the same base64.
func DecodeB64(lit []byte) ([]byte, error) { return decodeB64(lit) }
