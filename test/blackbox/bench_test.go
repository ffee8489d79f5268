package blackbox

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
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

// BenchmarkStorage measures sequential guest-get-fsinfo and
// guest-get-disks on this machine's real mounts and sysfs, goqga's Linux
// backend beside Debian's qemu-ga 7.2 (both read only; guest-fstrim is
// blocked in both): wall time per call as the host sees it, and the
// agent's CPU time per call (agent-cpu-us/op, from /proc/PID/stat).
func BenchmarkStorage(b *testing.B) {
	needQemuGA(b)
	ours := start(b, "--os", "linux", "-b", dangerous)
	qsock, qpid := startQemuGAPid(b)
	agents := []struct {
		name, sock string
		pid        int
	}{{"goqga", ours.sock, ours.cmd.Process.Pid}, {"qemu-ga", qsock, qpid}}
	for _, cmd := range []string{"guest-get-fsinfo", "guest-get-disks"} {
		for _, a := range agents {
			b.Run(cmd+"/"+a.name, func(b *testing.B) {
				c, err := client.Dial("unix", a.sock, 5*time.Second)
				if err != nil {
					b.Fatal(err)
				}
				defer c.Close()
				line := []byte(`{"execute":"` + cmd + `"}`)
				cpu0 := cpuTime(b, a.pid)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if err := c.WriteRaw(line); err != nil {
						b.Fatal(err)
					}
					if r, err := c.ReadReply(); err != nil || r.Error != nil {
						b.Fatalf("%v %+v", err, r)
					}
				}
				b.ReportMetric(float64((cpuTime(b, a.pid)-cpu0).Microseconds())/float64(b.N), "agent-cpu-us/op")
			})
		}
	}
}

// cpuTime is a process's user and system time (clock ticks of 10 ms).
func cpuTime(b *testing.B, pid int) time.Duration {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	i := bytes.LastIndexByte(raw, ')')
	if err != nil || i < 0 {
		b.Fatalf("/proc/%d/stat: %v", pid, err)
	}
	f := strings.Fields(string(raw[i+1:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
