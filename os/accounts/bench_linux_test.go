package accounts

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkKeysReplace reads and atomically replaces an authorized_keys
// of n keys in a temporary home: what one add or remove costs on disk
// (openat chain, O_EXCL create, fchown, fchmod, fsync, renameat, fsync of
// the directory).
func BenchmarkKeysReplace(b *testing.B) {
	for _, n := range []int{1, 100, 2000} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			u := home(b)
			l := safeLinux()
			content := []byte(strings.Repeat("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGoqgaBenchmarkKeyBenchmarkKeyBenchmarkK user@host\n", n))
			if err := l.WriteKeys(u, content); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(content)))
			b.ResetTimer()
			for range b.N {
				old, err := l.ReadKeys(u)
				if err != nil {
					b.Fatal(err)
				}
				if err := l.WriteKeys(u, old); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
