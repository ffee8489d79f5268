//go:build linux

package freeze

import (
	"os"
	"path/filepath"
	"testing"
)

// ioc builds an ioctl number as linux/ioctl.h's _IOC does on x86, arm64,
// riscv and s390: direction in bits 30-31, size in 16-29, type in 8-15.
func ioc(dir, typ, nr, size uint) uint { return dir<<30 | size<<16 | typ<<8 | nr }

// The constants must be _IOWR('X', 119, int) and _IOWR('X', 120, int):
// a wrong number would send some other ioctl to every filesystem.
func TestIoctlNumbers(t *testing.T) {
	const iowr = 3 // _IOC_READ|_IOC_WRITE
	if got := ioc(iowr, 'X', 119, 4); got != FIFREEZE || FIFREEZE != 0xC0045877 {
		t.Errorf("FIFREEZE = %#x, _IOWR('X',119,int) = %#x", FIFREEZE, got)
	}
	if got := ioc(iowr, 'X', 120, 4); got != FITHAW || FITHAW != 0xC0045878 {
		t.Errorf("FITHAW = %#x, _IOWR('X',120,int) = %#x", FITHAW, got)
	}
}

// Mounts reads the file it is pointed at; no ioctl is ever issued here.
func TestLinuxMountsReadsTable(t *testing.T) {
	p := filepath.Join(t.TempDir(), "mountinfo")
	os.WriteFile(p, []byte("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n23 22 0:5 / /proc rw - proc proc rw\n"), 0o644)
	got, err := (&Linux{Mountinfo: p}).Mounts()
	if err != nil || len(got) != 2 || got[0] != (Mount{Path: "/", Type: "ext4", Major: 8, Minor: 1, Source: "/dev/sda1"}) {
		t.Fatalf("Mounts = %+v, %v", got, err)
	}
	missing := filepath.Join(t.TempDir(), "none")
	_, err = (&Linux{Mountinfo: missing}).Mounts()
	if want := "failed to open " + missing + ": No such file or directory"; err == nil || err.Error() != want {
		t.Fatalf("missing table: %v, want %s", err, want)
	}
}
