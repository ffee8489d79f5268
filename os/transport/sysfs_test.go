//go:build linux

package transport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeSysfsPort mimics sysfs: the class directory holds symlinks to the
// device directories, each with a name file.
func writeSysfsPort(t *testing.T, root, dev, name string) {
	t.Helper()
	devDir := filepath.Join(root, "devices", "virtio-ports", dev)
	if err := os.MkdirAll(devDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if name != "" {
		if err := os.WriteFile(filepath.Join(devDir, "name"), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	class := filepath.Join(root, "class", "virtio-ports")
	if err := os.MkdirAll(class, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(devDir, filepath.Join(class, dev)); err != nil {
		t.Fatal(err)
	}
}

func TestFindVirtioPort(t *testing.T) {
	root := t.TempDir()
	writeSysfsPort(t, root, "vport0p0", "") // console port: no name file
	writeSysfsPort(t, root, "vport0p1", "com.redhat.spice.0\n")
	writeSysfsPort(t, root, "vport0p2", "org.qemu.guest_agent.0.old\n")
	writeSysfsPort(t, root, "vport1p1", " org.qemu.guest_agent.0\n")

	got, err := findVirtioPort(root, "org.qemu.guest_agent.0")
	if err != nil || got != "vport1p1" {
		t.Fatalf("findVirtioPort = %q, %v; want vport1p1", got, err)
	}
	if _, err := findVirtioPort(root, "org.example.none"); err == nil || !strings.Contains(err.Error(), "org.example.none") {
		t.Fatalf("missing port: err = %v", err)
	}
	if _, err := findVirtioPort(t.TempDir(), "org.qemu.guest_agent.0"); err == nil {
		t.Fatal("no virtio-ports class: want an error")
	}
}
