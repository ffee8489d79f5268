package process

import (
	"encoding/binary"
	"unsafe"

	"golang.org/x/sys/unix"
)

// siginfo_t's SIGCHLD fields: si_status follows si_pid and si_uid at the
// start of the union, which begins at byte 16 on every 64-bit Linux
// (x/sys leaves the union opaque).
const siStatusOffset = 24

// si_code values of SIGCHLD (x/sys does not name them).
const (
	cldKilled = 2 // CLD_KILLED
	cldDumped = 3 // CLD_DUMPED
)

// waitExit blocks until pid has exited, without reaping it (WNOWAIT): the
// zombie keeps the pid from being reused until Release. It reports
// whether a signal ended it and the signal or exit code.
func waitExit(pid int) (signaled bool, code int, err error) {
	var info unix.Siginfo
	for {
		err = unix.Waitid(unix.P_PID, pid, &info, unix.WEXITED|unix.WNOWAIT, nil)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return false, 0, err
	}
	raw := (*[unsafe.Sizeof(info)]byte)(unsafe.Pointer(&info))
	code = int(int32(binary.NativeEndian.Uint32(raw[siStatusOffset:])))
	switch info.Code {
	case cldKilled, cldDumped:
		return true, code, nil
	}
	return false, code, nil
}
