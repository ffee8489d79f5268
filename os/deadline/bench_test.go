package deadline

import (
	"testing"
	"time"
)

// BenchmarkRun is the overhead Run adds to a call that answers at once:
// a goroutine, a timer and a channel.
func BenchmarkRun(b *testing.B) {
	var g Guard
	for i := 0; i < b.N; i++ {
		if _, err := Run(&g, "k", time.Second, func() (int, error) { return 1, nil }); err != nil {
			b.Fatal(err)
		}
	}
}
