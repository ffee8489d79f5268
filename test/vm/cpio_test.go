package vm

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strconv"
	"testing"
)

// cpioEntry is one entry as the kernel's unpacker (init/initramfs.c)
// reads it.
type cpioEntry struct {
	name        string
	mode, rdev  uint32
	nlink, size uint32
	data        []byte
}

// readCPIO parses newc archives, as many as follow one another, checking
// the magic, the 4-byte alignment and the trailer.
func readCPIO(t *testing.T, b []byte) []cpioEntry {
	t.Helper()
	var out []cpioEntry
	pos := 0
	align := func() { pos = (pos + 3) &^ 3 }
	for pos < len(b) {
		if string(b[pos:pos+6]) != "070701" {
			t.Fatalf("offset %d: magic %q", pos, b[pos:pos+6])
		}
		f := make([]uint32, 13)
		for i := range f {
			v, err := strconv.ParseUint(string(b[pos+6+8*i:pos+14+8*i]), 16, 32)
			if err != nil {
				t.Fatalf("offset %d field %d: %v", pos, i, err)
			}
			f[i] = uint32(v)
		}
		pos += 110
		name := string(b[pos : pos+int(f[11])-1])
		if b[pos+int(f[11])-1] != 0 {
			t.Fatalf("%s: name not NUL-terminated", name)
		}
		pos += int(f[11])
		align()
		data := b[pos : pos+int(f[6])]
		pos += int(f[6])
		align()
		if name == "TRAILER!!!" {
			continue
		}
		out = append(out, cpioEntry{name: name, mode: f[1], nlink: f[4], size: f[6], rdev: f[9]<<8 | f[10], data: data})
	}
	return out
}

func TestCPIOEntries(t *testing.T) {
	var b bytes.Buffer
	c := NewCPIO(&b)
	c.Dir("bin", 0o755)
	c.File("bin/x", 0o755, []byte("hello"))
	c.Symlink("bin/sh", "busybox")
	c.CharDev("dev/console", 0o600, 5, 1)
	c.File("empty", 0o644, nil)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if b.Len()%4 != 0 {
		t.Fatalf("archive length %d is not a multiple of 4", b.Len())
	}
	got := readCPIO(t, b.Bytes())
	want := []cpioEntry{
		{name: "bin", mode: modeDir | 0o755, nlink: 2},
		{name: "bin/x", mode: modeFile | 0o755, nlink: 1, size: 5, data: []byte("hello")},
		{name: "bin/sh", mode: modeSymlink | 0o777, nlink: 1, size: 7, data: []byte("busybox")},
		{name: "dev/console", mode: modeChar | 0o600, nlink: 1, rdev: 5<<8 | 1},
		{name: "empty", mode: modeFile | 0o644, nlink: 1},
	}
	if len(got) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.name != w.name || g.mode != w.mode || g.nlink != w.nlink || g.size != w.size || g.rdev != w.rdev || !bytes.Equal(g.data, w.data) {
			t.Errorf("entry %d: %+v, want %+v", i, g, w)
		}
	}
}

func TestCPIORejectsUncleanNames(t *testing.T) {
	for _, name := range []string{"", "/", "a//b", "a/../b", "a/", "./a", ".."} {
		if err := NewCPIO(io.Discard).File(name, 0o644, nil); err == nil {
			t.Errorf("%q accepted", name)
		}
	}
	if err := NewCPIO(io.Discard).File("/etc/x", 0o644, nil); err != nil {
		t.Errorf("a leading slash is dropped, not refused: %v", err)
	}
}

// The kernel unpacks concatenated gzip'd archives: the base layer and
// the per-boot layer must read back as one stream with both contents.
func TestLayersConcatenate(t *testing.T) {
	var layers []byte
	for i := 0; i < 2; i++ {
		var b bytes.Buffer
		c := NewCPIO(&b)
		c.File(fmt.Sprintf("f%d", i), 0o644, bytes.Repeat([]byte{byte('a' + i)}, 1+i*3))
		c.Close()
		gz, err := gzipBytes(b.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		layers = append(layers, gz...)
	}
	r, err := gzip.NewReader(bytes.NewReader(layers)) // multistream by default
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	got := readCPIO(t, raw)
	if len(got) != 2 || got[0].name != "f0" || string(got[1].data) != "bbbb" {
		t.Fatalf("entries %+v", got)
	}
}

func TestCPIOWriteError(t *testing.T) {
	c := NewCPIO(failWriter{})
	if err := c.File("x", 0o644, []byte("y")); err == nil {
		t.Fatal("a write error was not reported")
	}
	if err := c.Close(); err == nil {
		t.Fatal("the error did not stick")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrShortWrite }
