package vm

import (
	"fmt"
	"io"
	"path"
	"strings"
)

// Mode bits of newc entries (the kernel reads st_mode as is).
const (
	modeDir     = 0o040000
	modeFile    = 0o100000
	modeSymlink = 0o120000
	modeChar    = 0o020000
)

// CPIO writes a newc ("070701") archive, the format the kernel unpacks
// as an initramfs. Entries are written in call order; the kernel creates
// them in that order, so a directory must come before its contents. Each
// archive ends with Close (the TRAILER!!! entry): archives written this
// way can be concatenated (after gzip) and the kernel unpacks them all,
// later entries replacing earlier ones.
type CPIO struct {
	w   io.Writer
	ino uint32
	n   int64 // bytes written, for the 4-byte alignment
	err error
}

// NewCPIO starts an archive on w.
func NewCPIO(w io.Writer) *CPIO { return &CPIO{w: w, ino: 1} }

// Dir adds a directory.
func (c *CPIO) Dir(name string, perm uint32) error {
	return c.entry(name, modeDir|perm&0o7777, 2, 0, nil)
}

// File adds a regular file.
func (c *CPIO) File(name string, perm uint32, data []byte) error {
	return c.entry(name, modeFile|perm&0o7777, 1, 0, data)
}

// Symlink adds a symbolic link name -> target.
func (c *CPIO) Symlink(name, target string) error {
	return c.entry(name, modeSymlink|0o777, 1, 0, []byte(target))
}

// CharDev adds a character device node (e.g. /dev/console, which the
// kernel opens for init before devtmpfs is mounted).
func (c *CPIO) CharDev(name string, perm, major, minor uint32) error {
	return c.entry(name, modeChar|perm&0o7777, 1, major<<8|minor, nil)
}

// Close writes the trailer. It does not close the underlying writer.
func (c *CPIO) Close() error {
	return c.raw("TRAILER!!!", 0, 0, 0, nil)
}

func (c *CPIO) entry(name string, mode, nlink, rdev uint32, data []byte) error {
	clean := strings.TrimPrefix(path.Clean("/"+name), "/")
	if clean == "" || clean != strings.TrimPrefix(name, "/") {
		return fmt.Errorf("cpio: bad entry name %q (want a clean path)", name)
	}
	c.ino++
	return c.raw(clean, mode, nlink, rdev, data)
}

// raw writes one header, name and data, each padded to 4 bytes. Fields
// are 8 hex digits: ino mode uid gid nlink mtime filesize devmajor
// devminor rdevmajor rdevminor namesize check. mtime is 0 so the same
// inputs always give the same bytes (the base layer is cached by hash).
func (c *CPIO) raw(name string, mode, nlink, rdev uint32, data []byte) error {
	if c.err != nil {
		return c.err
	}
	ino := c.ino
	if name == "TRAILER!!!" {
		ino = 0
	}
	hdr := fmt.Sprintf("070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev>>8, rdev&0xff, len(name)+1, 0)
	c.write([]byte(hdr))
	c.write([]byte(name + "\x00"))
	c.pad()
	c.write(data)
	c.pad()
	return c.err
}

func (c *CPIO) write(b []byte) {
	if c.err != nil {
		return
	}
	n, err := c.w.Write(b)
	c.n += int64(n)
	c.err = err
}

func (c *CPIO) pad() {
	if r := c.n % 4; r != 0 {
		c.write(make([]byte, 4-r))
	}
}
