package soak

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"path/filepath"
	"strconv"
	"time"
	"unicode/utf8"
)

// session is one host connection and the file handles the mix uses.
type session struct {
	conn    net.Conn
	r       *bufio.Reader
	dir     string
	rng     *rand.Rand
	handles []int64
	nextID  uint64
	files   int // files opened, for their names
	timeout time.Duration
}

// poolSize is how many handles the mix writes and reads at a time.
const poolSize = 4

func dialSession(sock, dir string, rng *rand.Rand, timeout time.Duration) (*session, error) {
	conn, err := net.DialTimeout("unix", sock, timeout)
	if err != nil {
		return nil, err
	}
	return &session{conn: conn, r: bufio.NewReaderSize(conn, 1<<20), dir: dir, rng: rng, timeout: timeout}, nil
}

func (s *session) handle() int64 { return s.handles[s.rng.IntN(len(s.handles))] }

// reply is the part of a reply line the soak checks.
type reply struct {
	Return json.RawMessage  `json:"return"`
	Error  *json.RawMessage `json:"error"`
	ID     json.RawMessage  `json:"id"`
}

// readReply reads one line; a leading 0xFF (a delimited sync) is dropped.
func (s *session) readReply() (reply, []byte, error) {
	_ = s.conn.SetReadDeadline(time.Now().Add(s.timeout))
	line, err := s.r.ReadBytes('\n')
	if err != nil {
		return reply{}, line, err
	}
	line = bytes.TrimPrefix(line, []byte{0xFF})
	var r reply
	if err := json.Unmarshal(line, &r); err != nil || !utf8.Valid(line) {
		return reply{}, line, fmt.Errorf("reply is not JSON text: %q", line)
	}
	return r, line, nil
}

func (s *session) write(b []byte) error {
	_ = s.conn.SetWriteDeadline(time.Now().Add(s.timeout))
	_, err := s.conn.Write(b)
	return err
}

// call sends one request and returns its reply, checking the id.
func (s *session) call(cmd string, args any) (reply, error) {
	s.nextID++
	if err := s.write(request(cmd, args, s.nextID)); err != nil {
		return reply{}, err
	}
	r, line, err := s.readReply()
	if err == nil && string(r.ID) != strconv.FormatUint(s.nextID, 10) {
		err = fmt.Errorf("%s: reply for another request: %s", cmd, line)
	}
	if err == nil && r.Error != nil {
		err = fmt.Errorf("%s failed: %s", cmd, line)
	}
	return r, err
}

// rotate opens a new file handle and, with the pool full, closes the
// oldest: open and close, with the state file written, all soak long.
func (s *session) rotate() error {
	s.files++
	path := filepath.Join(s.dir, fmt.Sprintf("soak-%d.dat", s.files%8))
	r, err := s.call("guest-file-open", map[string]any{"path": path, "mode": "w+"})
	if err != nil {
		return err
	}
	h, err := strconv.ParseInt(string(r.Return), 10, 64)
	if err != nil {
		return fmt.Errorf("guest-file-open returned %s", r.Return)
	}
	s.handles = append(s.handles, h)
	if len(s.handles) <= poolSize {
		return nil
	}
	old := s.handles[0]
	s.handles = s.handles[1:]
	_, err = s.call("guest-file-close", map[string]any{"handle": old})
	return err
}

// closeAll closes the pool's handles and the connection.
func (s *session) closeAll() error {
	var first error
	for _, h := range s.handles {
		if _, err := s.call("guest-file-close", map[string]any{"handle": h}); err != nil && first == nil {
			first = err
		}
	}
	s.handles = nil
	if err := s.conn.Close(); err != nil && first == nil {
		first = err
	}
	return first
}

// batch sends n requests of the mix in one write and checks every reply:
// in order, carrying its request's id, an error exactly where due.
func (s *session) batch(n int, counts map[string]int) error {
	var buf bytes.Buffer
	kinds := make([]*kind, n)
	first := s.nextID + 1
	for i := range n {
		s.nextID++
		kinds[i] = pick(s.rng)
		buf.Write(kinds[i].build(s, s.nextID))
	}
	if err := s.write(buf.Bytes()); err != nil {
		return err
	}
	for i, k := range kinds {
		r, line, err := s.readReply()
		if err != nil {
			return fmt.Errorf("reply %d of a batch of %d (%s): %w", i, n, k.name, err)
		}
		want := strconv.FormatUint(first+uint64(i), 10)
		if string(r.ID) != want {
			return fmt.Errorf("%s: reply out of order or lost: want id %s, got %s", k.name, want, line)
		}
		if (r.Error != nil) != k.fails {
			return fmt.Errorf("%s: unexpected reply %s", k.name, line)
		}
		counts[k.name]++
	}
	return nil
}
