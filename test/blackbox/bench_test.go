package blackbox

import (
	"strings"
	"testing"
)

// BenchmarkPing measures sequential guest-ping round trips over the unix
// socket: one request written, its reply read, again.
func BenchmarkPing(b *testing.B) {
	c := start(b).dial()
	line := []byte(ping)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := c.WriteRaw(line); err != nil {
			b.Fatal(err)
		}
		if _, err := c.ReadReply(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pings/s")
}

// BenchmarkPingPipelined16 writes 16 pings at once and reads 16 replies.
func BenchmarkPingPipelined16(b *testing.B) {
	c := start(b).dial()
	batch := []byte(strings.Repeat(ping, 16))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := c.WriteRaw(batch); err != nil {
			b.Fatal(err)
		}
		for j := 0; j < 16; j++ {
			if _, err := c.ReadReply(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(16*b.N)/b.Elapsed().Seconds(), "pings/s")
}
