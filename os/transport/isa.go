//go:build linux

package transport

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// openISA returns the listener for a serial tty. A session lasts as long as
// the device is open; a hang-up ends it, and the device is reopened.
func openISA(o Options) (Listener, error) {
	return newDevListener(devConfig{
		name:     MethodISA + ":" + o.Path,
		retry:    o.RetryPath,
		interval: o.RetryInterval,
		log:      o.Log,
		open: func() (*port, error) {
			fd, err := openDevice(o.Path)
			if err != nil {
				return nil, err
			}
			if err := makeRaw(fd); err != nil {
				_ = unix.Close(fd)
				return nil, fmt.Errorf("%s: %w", o.Path, err)
			}
			return newPort(fd, o.Path, false, o.Log)
		},
	})
}

// makeRaw puts the tty in raw mode, so every byte (0xFF resync, 0x11/0x13
// which would be XON/XOFF, CR, ^C, ^D) passes unchanged both ways, and
// discards input that arrived before we opened it.
func makeRaw(fd int) error {
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return os.NewSyscallError("TCGETS", err)
	}
	rawTermios(t)
	if err := unix.IoctlSetInt(fd, unix.TCFLSH, unix.TCIFLUSH); err != nil {
		return os.NewSyscallError("TCFLSH", err)
	}
	return os.NewSyscallError("TCSETS", unix.IoctlSetTermios(fd, unix.TCSETS, t))
}

// rawTermios is cfmakeraw plus what qemu-ga also clears (IXOFF would make
// the tty inject XON/XOFF bytes itself), with CLOCAL so that modem lines
// cannot hang the port up and CREAD so that it receives.
func rawTermios(t *unix.Termios) {
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.IGNPAR | unix.PARMRK | unix.INPCK | unix.ISTRIP |
		unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IUCLC | unix.IXON | unix.IXOFF | unix.IXANY | unix.IMAXBEL
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB
	t.Cflag |= unix.CS8 | unix.CREAD | unix.CLOCAL
	t.Cc[unix.VMIN] = 1
	t.Cc[unix.VTIME] = 0
}
