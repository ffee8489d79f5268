package process

import (
	"encoding/binary"
	"errors"
	"os"
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

// waitExit waits until pid has exited, without reaping it (WNOWAIT): the
// zombie keeps the pid from being reused until Release. It reports
// whether a signal ended it and the signal or exit code.
//
// The wait is on a pidfd in Go's poller, so a running program holds no
// thread of the agent's; without pidfds (Linux < 5.3) a thread blocks in
// waitid.
func waitExit(pid int) (signaled bool, code int, err error) {
	var info unix.Siginfo
	if err = waitPidfd(pid, &info); err == errNoPidfd {
		err = waitid(unix.P_PID, pid, &info, 0)
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

// errNoPidfd sends waitExit to the blocking wait.
var errNoPidfd = errors.New("no pidfd")

// waitPidfd waits for pid's exit through a pidfd: readable once the
// process has exited.
func waitPidfd(pid int, info *unix.Siginfo) error {
	fd, err := unix.PidfdOpen(pid, unix.PIDFD_NONBLOCK)
	if err != nil {
		return errNoPidfd
	}
	f := os.NewFile(uintptr(fd), "pidfd")
	defer f.Close()
	rc, err := f.SyscallConn()
	if err != nil {
		return errNoPidfd
	}
	var werr error
	if err := rc.Read(func(fd uintptr) bool {
		*info = unix.Siginfo{}
		werr = waitid(unix.P_PIDFD, int(fd), info, unix.WNOHANG)
		return werr != nil || info.Signo != 0 // Signo stays 0 while it runs
	}); err != nil {
		return err
	}
	return werr
}

// waitid waits (WNOWAIT) for an exit, retrying on EINTR.
func waitid(idtype, id int, info *unix.Siginfo, options int) error {
	for {
		err := unix.Waitid(idtype, id, info, unix.WEXITED|unix.WNOWAIT|options, nil)
		if err != unix.EINTR {
			return err
		}
	}
}
