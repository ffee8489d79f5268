package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"net"
	"os"
	"regexp"
	"strconv"
)

// The floor is a server that answers the benchmark's requests with canned
// replies and does no work: no parsing beyond finding each request's end,
// no file I/O, replies built once. What it reaches is what the client
// itself allows, the ceiling no agent can pass (the issue's "trivial
// server"). Its memory and start-up figures mean nothing and are not
// shown.

func newFloor(self, dir string) *subject {
	s := &subject{name: "floor", dir: dir + "/floor", noProcStats: true}
	s.argv = func(sock, _ string) []string { return []string{self, "-canned-server", sock} }
	return s
}

var (
	execRe = regexp.MustCompile(`"execute": ?"([a-z-]+)"`)
	idRe   = regexp.MustCompile(`"id": ?(\d+)`)
	b64Re  = regexp.MustCompile(`"buf-b64": ?"`)
)

// cannedServer serves sock until killed.
func cannedServer(sock string) {
	os.Remove(sock)
	l, err := net.Listen("unix", sock)
	if err != nil {
		fatal(err)
	}
	// Built before serving, so the first read of each size is not slowed
	// by building it.
	reads := map[int][]byte{}
	for _, n := range []int{64 << 10, 1 << 20, 4 << 20, 48 << 20} {
		reads[n] = readReply(n)
	}
	for {
		c, err := l.Accept()
		if err != nil {
			fatal(err)
		}
		serveCanned(c, reads)
	}
}

func serveCanned(c net.Conn, reads map[int][]byte) {
	defer c.Close()
	r := bufio.NewReaderSize(c, 256<<10)
	w := bufio.NewWriterSize(c, 256<<10)
	var msg []byte
	depth := 0
	for {
		b, err := r.ReadByte()
		if err != nil {
			return
		}
		if b == 0xFF || (depth == 0 && b != '{') {
			continue
		}
		msg = append(msg, b)
		if b == '{' {
			depth++
		} else if b == '}' {
			if depth--; depth == 0 {
				w.Write(cannedReply(msg, reads))
				msg = msg[:0]
				// Flush unless more requests are already here (pipelined
				// pings leave in one write, as goqga's do).
				for r.Buffered() > 0 {
					if b, _ := r.Peek(1); b[0] != '\n' && b[0] != ' ' {
						break
					}
					r.ReadByte()
				}
				if r.Buffered() == 0 {
					w.Flush()
				}
			}
		} else if b == '"' && bytes.HasSuffix(msg, []byte(`"buf-b64":"`)) {
			// Skip the base64 to its closing quote in one go.
			rest, err := r.ReadSlice('"')
			for err == bufio.ErrBufferFull {
				msg = append(msg, rest...)
				rest, err = r.ReadSlice('"')
			}
			msg = append(msg, rest...)
		}
	}
}

func cannedReply(msg []byte, reads map[int][]byte) []byte {
	cmd := ""
	if m := execRe.FindSubmatch(msg[:min(len(msg), 64)]); m != nil {
		cmd = string(m[1])
	}
	switch cmd {
	case "guest-sync-delimited":
		id := idRe.FindSubmatch(msg)
		return []byte("\xff{\"return\": " + string(id[1]) + "}\n")
	case "guest-file-open":
		return []byte(`{"return": 1000}` + "\n")
	case "guest-file-seek":
		return []byte(`{"return": {"position": 0, "eof": false}}` + "\n")
	case "guest-file-read":
		m := countRe.FindSubmatch(msg)
		n, _ := strconv.Atoi(string(m[1]))
		if reads[n] == nil {
			reads[n] = readReply(n)
		}
		return reads[n]
	case "guest-file-write":
		loc := b64Re.FindIndex(msg)
		n := 0
		if loc != nil {
			end := bytes.IndexByte(msg[loc[1]:], '"')
			n = end / 4 * 3
		}
		return []byte(fmt.Sprintf(`{"return": {"count": %d, "eof": false}}`+"\n", n))
	}
	return []byte(`{"return": {}}` + "\n")
}

func readReply(n int) []byte {
	b := fmt.Appendf(nil, `{"return": {"count": %d, "buf-b64": "`, n)
	b = base64.StdEncoding.AppendEncode(b, make([]byte, n))
	return append(b, `", "eof": false}}`+"\n"...)
}
