package kstat

import (
	"sync"

	"golang.org/x/sys/unix"
)

// atClkTck is the auxiliary vector entry the kernel puts USER_HZ in (what
// sysconf(_SC_CLK_TCK) returns in C).
const atClkTck = 17

// ClockTicks is the unit of /proc/stat's counters per second: USER_HZ
// from the auxiliary vector, 100 (every Linux architecture but alpha)
// when it cannot be read.
var ClockTicks = sync.OnceValue(func() uint64 {
	aux, err := unix.Auxv()
	if err == nil {
		for _, kv := range aux {
			if kv[0] == atClkTck && kv[1] > 0 {
				return uint64(kv[1])
			}
		}
	}
	return 100
})
