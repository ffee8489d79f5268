package hotplug

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Linux is the real guest's sysfs under Root. Its setters change the
// machine it runs on: never call them outside a guest.
type Linux struct {
	Root string // /sys/devices/system; tests point it at testdata
}

// NewLinux returns the real Source.
func NewLinux() *Linux { return &Linux{Root: Root} }

// CPUs walks Root/cpu in directory order, as qemu-ga does.
func (l *Linux) CPUs() ([]CPU, error) {
	dir := filepath.Join(l.Root, "cpu")
	var cpus []CPU
	err := walkDir(dir, func(e fs.DirEntry) error {
		id, ok := number(e.Name(), "cpu")
		if !ok {
			return nil
		}
		if len(cpus) == MaxCPUs {
			return ErrTooMany
		}
		c, err := readCPU(filepath.Join(dir, e.Name()), int64(id))
		cpus = append(cpus, c)
		return err
	})
	if err != nil {
		return nil, err
	}
	return cpus, nil
}

func readCPU(dir string, id int64) (CPU, error) {
	c := CPU{ID: id, Online: true}
	b, err := readAttr(filepath.Join(dir, "online"), 1)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil // no online file: always online, never offlined
	}
	if err != nil {
		return c, err
	}
	c.Online, c.CanOffline = b[0] != '0', true
	return c, nil
}

// SetCPU writes "0" or "1" to cpuN/online when the CPU is not already so.
func (l *Linux) SetCPU(id int64, online bool) (bool, error) {
	dir := filepath.Join(l.Root, "cpu", "cpu"+strconv.FormatInt(id, 10))
	if _, err := os.Stat(dir); err != nil {
		return false, err
	}
	path := filepath.Join(dir, "online")
	b, err := readAttr(path, 1)
	switch {
	case errors.Is(err, fs.ErrNotExist) && online:
		return false, nil // always online
	case errors.Is(err, fs.ErrNotExist):
		return false, CannotOffline(id)
	case err != nil:
		return false, err
	case (b[0] != '0') == online:
		return false, nil
	}
	val := "0"
	if online {
		val = "1"
	}
	return true, writeAttr(path, val)
}

// MemoryBlocks walks Root/memory in directory order: every directory
// named memoryN.
func (l *Linux) MemoryBlocks() ([]MemoryBlock, error) {
	dir := filepath.Join(l.Root, "memory")
	if err := isDir(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoMemory
	}
	var blocks []MemoryBlock
	err := walkDir(dir, func(e fs.DirEntry) error {
		index, ok := number(e.Name(), "memory")
		if !ok || !e.IsDir() {
			return nil
		}
		if len(blocks) == MaxMemoryBlocks {
			return ErrTooMany
		}
		b, err := readBlock(filepath.Join(dir, e.Name()), index)
		blocks = append(blocks, b)
		return err
	})
	if err != nil {
		return nil, err
	}
	return blocks, nil
}

func readBlock(dir string, index uint64) (MemoryBlock, error) {
	m := MemoryBlock{Index: index, Online: true}
	state, err := readAttr(filepath.Join(dir, "state"), 10)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil // a kernel without the file: online, fixed
	}
	if err != nil {
		return m, err
	}
	m.Online = strings.HasPrefix(string(state), "online")
	removable, err := readAttr(filepath.Join(dir, "removable"), 1)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, err
	}
	m.CanOffline = removable[0] != '0'
	return m, nil
}

// SetMemoryBlock writes "online" or "offline" to memoryN/state when the
// block is not already so. Its errors name the step that failed, as
// qemu-ga's responses do.
func (l *Linux) SetMemoryBlock(index uint64, online bool) (bool, error) {
	if err := isDir(filepath.Join(l.Root, "memory")); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, fmt.Errorf("%w: %w", ErrUnsupported, err)
		}
		return false, err
	}
	dir := filepath.Join(l.Root, "memory", "memory"+strconv.FormatUint(index, 10))
	if err := isDir(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, fmt.Errorf("%w: %w", ErrNotFound, err)
		}
		return false, err
	}
	path := filepath.Join(dir, "state")
	state, err := readAttr(path, 10)
	switch {
	case errors.Is(err, fs.ErrNotExist) && online:
		return false, nil // no state file: always online
	case errors.Is(err, fs.ErrNotExist):
		return false, fmt.Errorf("%w: %w", ErrUnsupported, err)
	case err != nil:
		return false, err
	case strings.HasPrefix(string(state), "online") == online:
		return false, nil
	}
	val := "offline"
	if online {
		val = "online"
	}
	return true, writeAttr(path, val)
}

// MemoryBlockSize reads memory/block_size_bytes, a hexadecimal number.
func (l *Linux) MemoryBlockSize() (uint64, error) {
	b, err := readAttr(filepath.Join(l.Root, "memory", "block_size_bytes"), 20)
	if err != nil {
		return 0, err
	}
	return ParseHexSize(b)
}

// ParseHexSize reads a sysfs hexadecimal size ("8000000\n"), as strtol
// does with base 16: leading blanks, then hex digits up to the first
// other byte; no digits at all is an error (qemu-ga would answer 0).
func ParseHexSize(b []byte) (uint64, error) {
	s := strings.TrimLeft(string(b), " \t\n")
	end := 0
	for end < len(s) && strings.IndexByte("0123456789abcdefABCDEF", s[end]) >= 0 {
		end++
	}
	v, err := strconv.ParseUint(s[:end], 16, 64)
	if err != nil {
		return 0, fmt.Errorf("bad block_size_bytes %q", b)
	}
	return v, nil
}

// number reads the N of prefix+N (digits only).
func number(name, prefix string) (uint64, bool) {
	digits, ok := strings.CutPrefix(name, prefix)
	if !ok || digits == "" || digits[0] == '+' {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, 10, 63)
	return n, err == nil
}

// walkDir calls fn for each entry of dir in directory order (os.ReadDir
// would sort them), reading 256 at a time, until fn fails.
func walkDir(dir string, fn func(fs.DirEntry) error) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	for {
		entries, err := f.ReadDir(256)
		for _, e := range entries {
			if err := fn(e); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func isDir(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s: %w", path, fs.ErrNotExist)
	}
	return nil
}

// readAttr reads up to n bytes of a sysfs attribute; an empty one is an
// error, as qemu-ga's "unexpected EOF".
func readAttr(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, n)
	got, err := f.Read(b)
	if got == 0 {
		if err == nil || errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	return b[:got], nil
}

func writeAttr(path, val string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0) // as a shell redirection: sysfs ignores the truncation
	if err != nil {
		return err
	}
	_, err = f.WriteString(val)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
