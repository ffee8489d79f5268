package sysinfo

import "testing"

// The reads behind KubeVirt's polling (docs/PERFORMANCE.md).
func BenchmarkLinux(b *testing.B) {
	l := NewLinux()
	for _, bc := range []struct {
		name string
		fn   func() error
	}{
		{"HostName", func() error { _, err := l.HostName(); return err }},
		{"Uname+OSRelease", func() error {
			if _, err := l.Uname(); err != nil {
				return err
			}
			_, _, err := l.OSRelease()
			return err
		}},
		{"Zone", func() error { _, err := l.Zone(0); return err }},
		{"LoadAvg", func() error { _, err := l.LoadAvg(); return err }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if err := bc.fn(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
