package filesystem

import (
	"testing"

	"github.com/goqga/goqga/os/blockdev"
	"github.com/goqga/goqga/os/freeze"
	"github.com/goqga/goqga/os/fsstat"
)

// BenchmarkFsinfoLinux is guest-get-fsinfo's work off the actor on this
// machine's real mount table, sysfs and statvfs (read only): what one
// call costs the agent besides the protocol.
func BenchmarkFsinfoLinux(b *testing.B) {
	l := New(Deps{Mounts: &freeze.Watched{}, Devices: blockdev.NewLinux(), Stat: fsstat.Linux{}})
	for i := 0; i < b.N; i++ {
		if _, err := l.fsinfo(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDisksLinux is guest-get-disks's walk of this machine's
// /sys/block.
func BenchmarkDisksLinux(b *testing.B) {
	l := New(Deps{Mounts: &freeze.Linux{}, Devices: blockdev.NewLinux(), Stat: fsstat.Linux{}})
	for i := 0; i < b.N; i++ {
		if _, err := l.disks(); err != nil {
			b.Fatal(err)
		}
	}
}
