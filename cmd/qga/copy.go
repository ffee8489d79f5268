package main

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
)

// chunk is the size of each guest-file-read and -write: Proxmox's 1 MiB,
// answered well within libvirt's 10 MiB line and any host timeout.
const chunk = 1 << 20

type readResult struct {
	Count int    `json:"count"`
	Buf   string `json:"buf-b64"`
	EOF   bool   `json:"eof"`
}

// get copies a guest file out: open, read in chunks until eof, close.
func (s *session) get() int {
	if !s.wantArgs(1, 2) {
		return exitUsage
	}
	src, dst := s.o.rest[0], path.Base(s.o.rest[0])
	if len(s.o.rest) == 2 {
		dst = s.o.rest[1]
	}
	if code := s.connect(); code != exitOK {
		return code
	}
	defer s.c.Close()
	var h int64
	if code := s.do("guest-file-open", map[string]any{"path": src, "mode": "r"}, &h); code != exitOK {
		return code
	}
	out, closeOut, err := localWriter(dst, s.stdout)
	if err != nil {
		s.closeHandle(h)
		fmt.Fprintf(s.stderr, "qga: %v\n", err)
		return exitIO
	}
	code := s.readAll(h, src, out)
	if cerr := closeOut(code == exitOK); cerr != nil && code == exitOK {
		fmt.Fprintf(s.stderr, "qga: %v\n", cerr)
		code = exitIO
	}
	if c := s.closeHandle(h); code == exitOK {
		code = c
	}
	return code
}

func (s *session) readAll(h int64, name string, out io.Writer) int {
	p := s.newProgress(name, s.guestSize(h))
	for {
		var r readResult
		if code := s.do("guest-file-read", map[string]any{"handle": h, "count": chunk}, &r); code != exitOK {
			return code
		}
		b, err := base64.StdEncoding.DecodeString(r.Buf)
		if err != nil {
			fmt.Fprintf(s.stderr, "qga: guest-file-read: bad base64: %v\n", err)
			return exitIO
		}
		if _, err := out.Write(b); err != nil {
			fmt.Fprintf(s.stderr, "qga: %v\n", err)
			return exitIO
		}
		p.add(len(b))
		if r.EOF || r.Count == 0 {
			p.done()
			return exitOK
		}
	}
}

// guestSize asks the file's size by seeking to its end and back; -1 when
// the file cannot seek (a pipe, a device).
func (s *session) guestSize(h int64) int64 {
	var end, start struct {
		Position int64 `json:"position"`
	}
	if r, err := s.c.Call("guest-file-seek", map[string]any{"handle": h, "offset": 0, "whence": "end"}); err != nil || r.Decode(&end) != nil {
		return -1
	}
	if r, err := s.c.Call("guest-file-seek", map[string]any{"handle": h, "offset": 0, "whence": "set"}); err != nil || r.Decode(&start) != nil || start.Position != 0 {
		return -1
	}
	return end.Position
}

// put copies a local file (or stdin) into the guest: open "w", write in
// chunks (the rest again when the agent wrote less), close.
func (s *session) put() int {
	if !s.wantArgs(2, 2) {
		return exitUsage
	}
	src, dst := s.o.rest[0], s.o.rest[1]
	in, size, err := localReader(src, s.stdin)
	if err != nil {
		fmt.Fprintf(s.stderr, "qga: %v\n", err)
		return exitIO
	}
	defer in.Close()
	if code := s.connect(); code != exitOK {
		return code
	}
	defer s.c.Close()
	var h int64
	if code := s.do("guest-file-open", map[string]any{"path": dst, "mode": "w"}, &h); code != exitOK {
		return code
	}
	code := s.writeAll(h, dst, in, size)
	if c := s.closeHandle(h); code == exitOK {
		code = c
	}
	return code
}

func (s *session) writeAll(h int64, name string, in io.Reader, size int64) int {
	p := s.newProgress(name, size)
	buf := make([]byte, chunk)
	for {
		n, err := io.ReadFull(in, buf)
		if n > 0 {
			if code := s.writeChunk(h, buf[:n]); code != exitOK {
				return code
			}
			p.add(n)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			p.done()
			return exitOK
		}
		if err != nil {
			fmt.Fprintf(s.stderr, "qga: %v\n", err)
			return exitIO
		}
	}
}

func (s *session) writeChunk(h int64, b []byte) int {
	for len(b) > 0 {
		var w struct {
			Count int `json:"count"`
		}
		args := map[string]any{"handle": h, "buf-b64": base64.StdEncoding.EncodeToString(b)}
		if code := s.do("guest-file-write", args, &w); code != exitOK {
			return code
		}
		if w.Count <= 0 || w.Count > len(b) {
			fmt.Fprintf(s.stderr, "qga: guest-file-write wrote %d of %d bytes\n", w.Count, len(b))
			return exitIO
		}
		b = b[w.Count:]
	}
	return exitOK
}

func (s *session) closeHandle(h int64) int {
	return s.do("guest-file-close", map[string]any{"handle": h}, nil)
}

// localWriter opens dst for writing ("-": stdout). Its close removes a
// file that did not arrive whole, so a failed copy leaves nothing behind.
func localWriter(dst string, stdout io.Writer) (io.Writer, func(ok bool) error, error) {
	if dst == "-" {
		return stdout, func(bool) error { return nil }, nil
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
	if err != nil {
		return nil, nil, err
	}
	return f, func(ok bool) error {
		err := f.Close()
		if !ok || err != nil {
			os.Remove(dst)
		}
		return err
	}, nil
}

// localReader opens src ("-": stdin) and its size (-1 when unknown).
func localReader(src string, stdin io.Reader) (io.ReadCloser, int64, error) {
	if src == "-" {
		return io.NopCloser(stdin), -1, nil
	}
	f, err := os.Open(src)
	if err != nil {
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return f, -1, nil
	}
	return f, fi.Size(), nil
}
