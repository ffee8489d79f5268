package files

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"github.com/goqga/goqga/command"
	osfiles "github.com/goqga/goqga/os/files"
)

// scripted is a File whose reads return data in pieces of the given sizes,
// then end with end (nil: EOF).
type scripted struct {
	osfiles.File
	data  []byte
	sizes []int
	end   error
}

func (s *scripted) Read(p []byte) (int, error) {
	if len(s.data) == 0 {
		if s.end != nil {
			return 0, s.end
		}
		return 0, nil
	}
	n := len(p)
	if len(s.sizes) > 0 {
		n, s.sizes = min(n, s.sizes[0]), s.sizes[1:]
	}
	n = copy(p, s.data[:min(n, len(s.data))])
	s.data = s.data[n:]
	return n, nil
}

// refLine is the reply line as the obvious code would build it.
func refLine(id string, data []byte, eof bool) string {
	v, _ := json.Marshal(struct {
		Count int    `json:"count"`
		Buf   []byte `json:"buf-b64"` // encoding/json writes []byte as base64
		EOF   bool   `json:"eof"`
	}{len(data), data, eof})
	line := `{"return":` + string(v)
	if id != "" {
		line += `,"id":` + id
	}
	return line + "}\n"
}

func TestReadLine(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := []int{0, 1, 2, 3, 4, 5, 6, 7, 100, encodeChunk - 1, encodeChunk, encodeChunk + 1, 3*encodeChunk + 2, 1 << 20}
	for _, size := range sizes {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		// count below, at and above the file's size; the file delivered in
		// odd pieces to exercise the read loop.
		for _, count := range []int{max(size-1, 0), size, size + 1, size + 5} {
			for _, id := range []string{"", `"__qmp#7"`} {
				f := &scripted{data: data, sizes: []int{1, 7, 4096, 3}}
				req := &command.Request{Gen: 3, Seq: 9}
				if id != "" {
					req.ID = json.RawMessage(id)
				}
				rep, err := readLine(req, f, count, nil)
				if err != nil {
					t.Fatal(err)
				}
				n := min(count, size)
				want := refLine(id, data[:n], count > size)
				if string(rep.Line) != want || rep.Gen != 3 || rep.Seq != 9 {
					t.Fatalf("size %d count %d id %q:\n got %.200q\nwant %.200q", size, count, id, rep.Line, want)
				}
			}
		}
	}
}

func TestReadFullEnds(t *testing.T) {
	cases := []struct {
		name  string
		data  string
		count int
		end   error
		n     int
		eof   bool
		err   error
	}{
		{"count 0 is not eof", "abc", 0, nil, 0, false, nil},
		{"exact count is not eof", "abc", 3, nil, 3, false, nil},
		{"short read is eof", "abc", 10, nil, 3, true, nil},
		{"at eof", "", 10, nil, 0, true, nil},
		{"would block after data", "abc", 10, syscall.EAGAIN, 3, false, nil},
		{"would block, no data", "", 10, syscall.EAGAIN, 0, false, syscall.EAGAIN},
		{"error after data", "abc", 10, syscall.EIO, 3, false, syscall.EIO},
	}
	for _, c := range cases {
		f := &scripted{data: []byte(c.data), end: c.end}
		n, eof, err := readFull(f, make([]byte, c.count))
		if n != c.n || eof != c.eof || !errors.Is(err, c.err) {
			t.Errorf("%s: %d %v %v; want %d %v %v", c.name, n, eof, err, c.n, c.eof, c.err)
		}
	}
}

// TestReadMemory measures what a 48 MiB read allocates: the reply line is
// the only big buffer (about 4/3 of the data), where the obvious code
// allocates the data, its base64 and a JSON copy (over 3x). The figure
// is logged for the report.
func TestReadMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 48 MiB file")
	}
	p := filepath.Join(t.TempDir(), "big")
	if err := os.WriteFile(p, bytes.Repeat([]byte("0123456789abcdef"), MaxReadCount/16), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := osfiles.Linux().Open(p, osfiles.Mode{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rep, err := readLine(&command.Request{}, f, MaxReadCount, nil)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	ratio := float64(alloc) / MaxReadCount
	t.Logf("48 MiB read: %.1f MiB allocated (%.2fx the data), reply line %.1f MiB",
		float64(alloc)/(1<<20), ratio, float64(len(rep.Line))/(1<<20))
	if ratio > 1.4 {
		t.Errorf("a 48 MiB read allocated %.2fx the data, want <= 1.4x", ratio)
	}
	if len(rep.Line) != 4*MaxReadCount/3+len(`{"return":{"count":50331648,"buf-b64":"","eof":false}}`+"\n") {
		t.Errorf("reply line is %d bytes", len(rep.Line))
	}
}
