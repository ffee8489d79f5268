package files

import (
	"encoding/base64"
	"strconv"

	"github.com/goqga/goqga/command"
	osfiles "github.com/goqga/goqga/os/files"
)

// Read limits, as qemu-ga's.
const (
	DefaultReadCount = 4096
	MaxReadCount     = 48 << 20
)

// encodeChunk is how much raw data is base64-encoded at a time; a
// multiple of 3, so chunks join without padding.
const encodeChunk = 3 * 16 << 10

// Layout of the reply line of guest-file-read, built in one buffer:
//
//	{"return":{"count":N,"buf-b64":"BASE64","eof":B},"id":ID}\n
//	          ^ prefix (right-aligned before BASE64)     ^ suffix
const (
	prefixHead = `{"return":{"count":`
	prefixTail = `,"buf-b64":"`
	prefixMax  = len(prefixHead) + 20 + len(prefixTail) // 20: the longest int64
	slack      = 4                                      // see readLine
)

// readLine reads up to count bytes from f and returns the whole reply
// line for req, so a 48 MiB read holds one buffer of about 4/3 of the data
// instead of the data, its base64 string and a JSON-escaped copy of that.
//
// The raw data is read into the tail of the buffer and encoded forward
// into its head, one encodeChunk at a time through a small scratch copy.
// Encoding never overtakes unread data: after k raw bytes the output ends
// at 4*ceil(k/3) <= k + count/3 + slack, which is where the unread data
// starts (see readLineLayout).
func readLine(req *command.Request, f osfiles.File, count int, bufs *replyBufs) (*command.Reply, error) {
	enc := base64.StdEncoding
	suffix := replySuffix(req, false)
	buf := bufs.get(prefixMax + enc.EncodedLen(count) + slack + len(suffix))
	raw := buf[prefixMax+enc.EncodedLen(count)+slack-count:][:count]
	n, eof, err := readFull(f, raw)
	if err != nil {
		bufs.put(buf)
		return nil, err
	}
	scratch := make([]byte, min(encodeChunk, n))
	for k := 0; k < n; k += encodeChunk {
		c := copy(scratch, raw[k:n])
		encodeB64(buf[prefixMax+k/3*4:], scratch[:c])
	}
	end := prefixMax + enc.EncodedLen(n)
	end += copy(buf[end:], replySuffix(req, eof))
	prefix := strconv.AppendInt([]byte(prefixHead), int64(n), 10)
	prefix = append(prefix, prefixTail...)
	start := prefixMax - len(prefix)
	copy(buf[start:], prefix)
	return &command.Reply{Gen: req.Gen, Seq: req.Seq, Line: buf[start:end:end],
		Written: func() { bufs.put(buf) }}, nil
}

// replySuffix closes the base64 string, the return value and the line.
func replySuffix(req *command.Request, eof bool) []byte {
	s := []byte(`","eof":` + strconv.FormatBool(eof) + `}`)
	if req.ID != nil {
		s = append(append(s, `,"id":`...), req.ID...)
	}
	return append(s, "}\n"...)
}

// readFull reads until p is full or end of file, as fread(3) does, so a
// short count means eof (qemu-ga's eof rule). A non-blocking file with no
// more data right now ends the read early without eof; with no data at
// all, that is an error (EAGAIN), as qemu-ga reports it.
func readFull(f osfiles.File, p []byte) (n int, eof bool, err error) {
	for n < len(p) {
		m, err := f.Read(p[n:])
		n += m
		switch {
		case err != nil && osfiles.IsWouldBlock(err) && n > 0:
			return n, false, nil
		case err != nil:
			return n, false, err
		case m == 0:
			return n, true, nil
		}
	}
	return n, false, nil
}
