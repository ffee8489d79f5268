package daemon

import (
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// Pidfile is a locked pidfile; Remove releases it.
type Pidfile struct {
	f    *os.File
	path string
}

// WritePidfile creates path, locks it and writes our pid. A pidfile
// locked by a running agent is an error naming it.
func WritePidfile(path string) (*Pidfile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot open pid file %s: %w", path, err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("cannot lock pid file %s: another agent is running (%w)", path, err)
	}
	pid := []byte(strconv.Itoa(os.Getpid()) + "\n")
	if err := writeAll(f, pid); err != nil {
		f.Close()
		return nil, fmt.Errorf("cannot write pid file %s: %w", path, err)
	}
	return &Pidfile{f: f, path: path}, nil
}

func writeAll(f *os.File, b []byte) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.WriteAt(b, 0); err != nil {
		return err
	}
	return f.Sync()
}

// Remove deletes and unlocks the pidfile.
func (p *Pidfile) Remove() {
	if p == nil {
		return
	}
	_ = os.Remove(p.path)
	_ = p.f.Close()
}
