package vm

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// ProcCPU returns utime+stime (clock ticks) from a /proc/PID/stat line.
// The command name (field 2) is in parentheses and may itself contain
// spaces and parentheses, so fields are counted after the last ')'.
func ProcCPU(stat string) (uint64, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("proc stat %q: no command name", stat)
	}
	f := strings.Fields(stat[i+1:])
	// f[0] is field 3 (state); utime and stime are fields 14 and 15.
	if len(f) < 13 {
		return 0, fmt.Errorf("proc stat %q: %d fields after the name", stat, len(f))
	}
	u, err1 := strconv.ParseUint(f[11], 10, 64)
	s, err2 := strconv.ParseUint(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("proc stat %q: bad utime/stime", stat)
	}
	if u > 1<<62 || s > 1<<62 {
		return 0, fmt.Errorf("proc stat %q: utime/stime out of range", stat)
	}
	return u + s, nil
}

// HasVirtExtensions reports whether /proc/cpuinfo's flags name vmx or
// svm: without them /dev/kvm (if any) cannot run an ordinary guest.
func HasVirtExtensions(cpuinfo []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(cpuinfo))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || strings.TrimSpace(k) != "flags" {
			continue
		}
		for _, f := range strings.Fields(v) {
			if f == "vmx" || f == "svm" {
				return true
			}
		}
	}
	return false
}
