package files

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/goqga/goqga/command"
	osfiles "github.com/goqga/goqga/os/files"
)

// BenchmarkReadLine is the agent's side of a 48 MiB guest-file-read:
// read from the page cache and build the reply line.
func BenchmarkReadLine(b *testing.B) {
	p := filepath.Join(b.TempDir(), "big")
	if err := os.WriteFile(p, make([]byte, MaxReadCount), 0o644); err != nil {
		b.Fatal(err)
	}
	f, err := osfiles.Linux().Open(p, osfiles.Mode{})
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	b.SetBytes(MaxReadCount)
	for b.Loop() {
		if _, err := f.Seek(0, osfiles.SeekSet); err != nil {
			b.Fatal(err)
		}
		if _, err := readLine(&command.Request{}, f, MaxReadCount, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeB64 decodes 4 MiB of Proxmox-style (76-column) base64.
// BenchmarkDecodeB64 decodes 4 MiB wrapped at 76 columns (Proxmox), and
// BenchmarkDecodeB64Unwrapped 4 MiB in one line (libvirt, QEMU's client).
func BenchmarkDecodeB64(b *testing.B) {
	benchDecodeB64(b, wrapped(base64.StdEncoding.EncodeToString(make([]byte, 4<<20))))
}

func BenchmarkDecodeB64Unwrapped(b *testing.B) {
	benchDecodeB64(b, base64.StdEncoding.EncodeToString(make([]byte, 4<<20)))
}

func benchDecodeB64(b *testing.B, b64 string) {
	data := make([]byte, 4<<20)
	lit, _ := json.Marshal(b64)
	buf := make([]byte, len(lit))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		copy(buf, lit)
		if _, err := decodeB64(buf); err != nil {
			b.Fatal(err)
		}
	}
}

func wrapped(s string) string {
	out := make([]byte, 0, len(s)+len(s)/76+1)
	for len(s) > 76 {
		out = append(append(out, s[:76]...), '\n')
		s = s[76:]
	}
	return string(append(out, s...))
}
