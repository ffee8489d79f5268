//go:build linux

package transport

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"go.uber.org/zap"
	"golang.org/x/sys/unix"
)

// openVirtio returns the listener for a virtio-serial port. Sessions follow
// the host side: one starts when a host attaches, and ends when it detaches.
func openVirtio(o Options) (Listener, error) {
	return newDevListener(devConfig{
		name:     MethodVirtio + ":" + o.Path,
		reattach: true,
		retry:    o.RetryPath,
		interval: o.RetryInterval,
		log:      o.Log,
		open: func() (*port, error) {
			return openVirtioPort(o.Path, o.SysfsRoot, "/dev", o.Log)
		},
	})
}

// openVirtioPort opens the port at path or, when that does not exist (no
// udev to make the /dev/virtio-ports link), the port whose sysfs name is
// the base name of path, as devDir/vportNpM.
func openVirtioPort(path, sysfsRoot, devDir string, log *zap.Logger) (*port, error) {
	name := path
	fd, err := openDevice(path)
	if errors.Is(err, unix.ENOENT) {
		dev, lerr := findVirtioPort(sysfsRoot, filepath.Base(path))
		if lerr != nil {
			return nil, fmt.Errorf("%w; %v", err, lerr)
		}
		name = filepath.Join(devDir, dev)
		log.Info("virtio port found through sysfs", zap.String("path", path), zap.String("device", name))
		fd, err = openDevice(name)
	}
	if err != nil {
		return nil, err
	}
	return newPort(fd, name, true, log)
}

// openDevice opens a serial device non-blocking (the epoll loop needs
// EAGAIN), close-on-exec, and without making it our controlling terminal.
func openDevice(path string) (int, error) {
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_NONBLOCK|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
	if err != nil {
		return -1, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return fd, nil
}
