//go:build vm

package vm

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/goqga/goqga/client"
)

type readResult struct {
	Count int    `json:"count"`
	Buf   string `json:"buf-b64"`
	EOF   bool   `json:"eof"`
}

type seekResult struct {
	Position int64 `json:"position"`
	EOF      bool  `json:"eof"`
}

// wrap76 is Proxmox's base64: a newline every 76 columns.
func wrap76(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\n")
		s = s[76:]
	}
	b.WriteString(s)
	return b.String()
}

// testFiles: write, seek and read round trips on a real ext4 data disk,
// checked from inside the guest too.
func testFiles(t *testing.T, g *Guest) {
	c := agent(t, g)
	data := make([]byte, 300<<10)
	for i := range data {
		data[i] = byte(i*7 + i>>9)
	}
	const path = "/mnt/data0/roundtrip.bin"
	var h int64
	do(t, c, "guest-file-open", map[string]any{"path": path, "mode": "w+"}, &h)
	if h < 1000 {
		t.Fatalf("handle %d: qemu-ga's handles start at 1000", h)
	}
	var w struct {
		Count int  `json:"count"`
		EOF   bool `json:"eof"`
	}
	do(t, c, "guest-file-write", map[string]any{"handle": h, "buf-b64": wrap76(base64.StdEncoding.EncodeToString(data))}, &w)
	if w.Count != len(data) {
		t.Fatalf("write count %d, want %d", w.Count, len(data))
	}
	var s seekResult
	do(t, c, "guest-file-seek", map[string]any{"handle": h, "offset": 0, "whence": "set"}, &s)
	if s.Position != 0 {
		t.Fatalf("seek set 0: position %d", s.Position)
	}
	got := readAll(t, c, h, 64<<10)
	if !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes, differing from the %d written", len(got), len(data))
	}
	do(t, c, "guest-file-seek", map[string]any{"handle": h, "offset": -100, "whence": 2}, &s)
	if s.Position != int64(len(data)-100) {
		t.Fatalf("seek end-100: position %d, want %d", s.Position, len(data)-100)
	}
	if tail := readAll(t, c, h, 4096); !bytes.Equal(tail, data[len(data)-100:]) {
		t.Fatalf("read after seek: %d bytes, not the file's last 100", len(tail))
	}
	do(t, c, "guest-file-flush", map[string]any{"handle": h}, nil)
	do(t, c, "guest-file-close", map[string]any{"handle": h}, nil)
	refused(t, c, "guest-file-read", map[string]any{"handle": h}, "GenericError", "has not been found")

	// The guest sees the same bytes on its disk.
	sum := sha256.Sum256(data)
	out := sh(t, g, "sha256sum "+path)
	if !strings.HasPrefix(out, hex.EncodeToString(sum[:])) {
		t.Fatalf("sha256sum in the guest: %q, want %x", out, sum)
	}
	// And the agent reads what the guest wrote.
	sh(t, g, "echo 'written by the guest' > /mnt/data1/guest.txt")
	do(t, c, "guest-file-open", map[string]any{"path": "/mnt/data1/guest.txt"}, &h)
	if b := readAll(t, c, h, 4096); string(b) != "written by the guest\n" {
		t.Fatalf("agent read %q", b)
	}
	do(t, c, "guest-file-close", map[string]any{"handle": h}, nil)
	refused(t, c, "guest-file-open", map[string]any{"path": "/mnt/data0/no/such/file"}, "GenericError",
		"failed to open file '/mnt/data0/no/such/file' (mode: 'r'): No such file or directory")
}

// readAll reads h to its end in chunks of count.
func readAll(t *testing.T, c *client.Client, h int64, count int) []byte {
	t.Helper()
	var out []byte
	for i := 0; i < 1<<12; i++ {
		var r readResult
		do(t, c, "guest-file-read", map[string]any{"handle": h, "count": count}, &r)
		b, err := base64.StdEncoding.DecodeString(r.Buf)
		if err != nil || len(b) != r.Count {
			t.Fatalf("read: count %d, %d bytes decoded, %v", r.Count, len(b), err)
		}
		out = append(out, b...)
		if r.EOF {
			return out
		}
	}
	t.Fatal("read: no eof after 4096 reads")
	return nil
}
