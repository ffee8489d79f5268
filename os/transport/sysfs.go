//go:build linux

package transport

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// findVirtioPort returns the device name (e.g. "vport1p1") of the
// virtio-serial port called name, read from
// sysfsRoot/class/virtio-ports/*/name. udev builds the
// /dev/virtio-ports/<name> links from the same files; guests without udev
// have no links, and "agent not responding" is the result with qemu-ga.
func findVirtioPort(sysfsRoot, name string) (string, error) {
	dir := filepath.Join(sysfsRoot, "class", "virtio-ports")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", fmt.Errorf("looking for virtio port %q: %w", name, err)
	}
	for _, e := range entries { // sorted, so the choice is stable
		b, err := os.ReadFile(filepath.Join(dir, e.Name(), "name"))
		if err == nil && strings.TrimSpace(string(b)) == name {
			return e.Name(), nil
		}
	}
	return "", fmt.Errorf("no virtio port named %q in %s", name, dir)
}
