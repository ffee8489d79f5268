package power

import (
	"errors"
	"time"
)

// System is everything the Linux backend needs from the machine. The real
// one is in system_linux.go; tests use fakes, so the shutdown and suspend
// logic is exercised without ever running a program or calling reboot(2).
type System struct {
	// Executable reports whether path is an executable file.
	Executable func(path string) bool
	// Run runs argv (argv[0] a path, or a name looked up like a shell
	// would) with stdin, stdout and stderr on /dev/null in a new session,
	// waits at most timeout (0: no limit) and returns its exit status.
	// Errors: ErrNotFound when the program is missing, ErrAbnormal when it
	// was killed (or timed out), anything else when it could not start.
	Run func(argv []string, timeout time.Duration) (int, error)
	// Sync flushes every filesystem (sync(2)).
	Sync func()
	// Reboot calls reboot(2) with one of the LINUX_REBOOT_CMD_* commands.
	Reboot func(cmd int) error
	// StateFile is /sys/power/state; ReadState and WriteState access it.
	StateFile  string
	ReadState  func(path string) ([]byte, error)
	WriteState func(path, word string) error
}

// Errors a System's Run returns.
var (
	ErrNotFound = errors.New("program not found")
	ErrAbnormal = errors.New("program terminated abnormally")
)

// probeTimeout bounds the commands that only ask whether a suspend mode is
// supported; the actions themselves get no limit (pm-suspend returns only
// after the guest has resumed).
const probeTimeout = 30 * time.Second

// Linux is the real guest's power, through a System.
type Linux struct {
	sys System
}

// NewLinuxWith returns the Linux backend over sys (tests pass fakes).
func NewLinuxWith(sys System) *Linux { return &Linux{sys: sys} }
