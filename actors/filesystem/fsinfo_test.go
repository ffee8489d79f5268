package filesystem

import (
	"encoding/json"
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goqga/goqga/os/blockdev"
	"github.com/goqga/goqga/os/freeze"
	"github.com/goqga/goqga/os/fsstat"
)

type fakeMounts []freeze.Mount

func (f fakeMounts) Mounts() ([]freeze.Mount, error) { return f, nil }

type fakeDevices struct {
	devs  map[[2]uint32]blockdev.Device
	disks []blockdev.Disk
	hang  chan struct{} // Device blocks on it for major 66
}

func (f *fakeDevices) Device(major, minor uint32) (blockdev.Device, error) {
	if major == 66 {
		<-f.hang
	}
	if major == 67 {
		return blockdev.Device{}, syscall.EACCES
	}
	return f.devs[[2]uint32{major, minor}], nil
}
func (f *fakeDevices) Disks() ([]blockdev.Disk, error) { return f.disks, nil }
func (f *fakeDevices) Smart(node string) (*blockdev.NVMeSmart, error) {
	if node == "/dev/nvme0n1" {
		return &blockdev.NVMeSmart{Type: "nvme", Temperature: 300}, nil
	}
	return nil, syscall.EACCES
}
func (f *fakeDevices) DevOf(path string) (uint32, uint32, error) {
	if path == "/dev/vdc" {
		return 254, 32, nil
	}
	return 0, 0, blockdev.ErrNotBlockDevice
}

type fakeStat struct {
	usage map[string]fsstat.Usage
	hang  chan struct{} // Statvfs blocks on it for /nfs
}

func (f *fakeStat) Statvfs(path string) (fsstat.Usage, error) {
	if path == "/nfs" {
		<-f.hang
	}
	u, ok := f.usage[path]
	if !ok {
		return u, syscall.ENOENT
	}
	return u, nil
}

var vda1 = blockdev.Address{PCI: blockdev.PCIAddress{Slot: 4}, BusType: "virtio", Dev: "/dev/vda1"}

// The whole walk: qemu-ga's order (last mounted first), virtual
// filesystems left out, btrfs through its source, statvfs's formulas,
// and hung or failing calls costing only their own entry's fields.
func TestFsinfo(t *testing.T) {
	hang := make(chan struct{})
	defer close(hang)
	l := New(Deps{
		Mounts: fakeMounts{
			{Path: "/", Type: "ext4", Major: 254, Minor: 1, Source: "/dev/vda1"},
			{Path: "/proc", Type: "proc", Major: 0, Minor: 21, Source: "proc"},
			{Path: "/data", Type: "btrfs", Major: 0, Minor: 40, Source: "/dev/vdc"},
			{Path: "/odd", Type: "btrfs", Major: 0, Minor: 41, Source: "none"},
			{Path: "/nfs", Type: "ext4", Major: 66, Minor: 0, Source: "/dev/hung"},
			{Path: "/secret", Type: "ext4", Major: 67, Minor: 0, Source: "/dev/x"},
		},
		Devices: &fakeDevices{hang: hang, devs: map[[2]uint32]blockdev.Device{
			{254, 1}:  {Name: "vda1", Disks: []blockdev.Address{vda1}},
			{254, 32}: {Name: "vdc"},
		}},
		Stat: &fakeStat{hang: hang, usage: map[string]fsstat.Usage{
			"/":     {Blocks: 1000, Bfree: 300, Bavail: 250, Frsize: 4096},
			"/data": {Blocks: 10, Bfree: 10, Bavail: 10, Frsize: 512},
		}},
		StatTimeout: 50 * time.Millisecond, SysfsTimeout: 50 * time.Millisecond,
	})
	start := time.Now()
	res, err := l.fsinfo()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(res)
	want := `[` +
		`{"name":"67:0","mountpoint":"/secret","type":"ext4","disk":[]},` +
		`{"name":"66:0","mountpoint":"/nfs","type":"ext4","disk":[]},` +
		`{"name":"vdc","mountpoint":"/data","type":"btrfs","used-bytes":0,"total-bytes":5120,"total-bytes-privileged":5120,"disk":[]},` +
		`{"name":"vda1","mountpoint":"/","type":"ext4","used-bytes":2867200,"total-bytes":3891200,"total-bytes-privileged":4096000,` +
		`"disk":[{"pci-controller":{"domain":0,"bus":0,"slot":4,"function":0},"bus-type":"virtio","bus":0,"target":0,"unit":0,"dev":"/dev/vda1"}]}]`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	// Two deadlines at most (the hung device, the hung statvfs)...
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	// ...and the next request does not wait for them again.
	start = time.Now()
	if _, err := l.fsinfo(); err != nil || time.Since(start) > 40*time.Millisecond {
		t.Errorf("second walk: %v after %v, want at once", err, time.Since(start))
	}
}

type badMounts struct{}

func (badMounts) Mounts() ([]freeze.Mount, error) {
	return nil, &freeze.OpError{Op: "open", Path: freeze.MountinfoPath, Err: syscall.EACCES}
}

func TestFsinfoNoMountTable(t *testing.T) {
	l := New(Deps{Mounts: badMounts{}, Devices: &fakeDevices{}, Stat: &fakeStat{}})
	_, err := l.fsinfo()
	var op *freeze.OpError
	if !errors.As(err, &op) || err.Error() != "failed to open /proc/self/mountinfo: Permission denied" {
		t.Fatalf("got %v", err)
	}
}

// NVMe disks get their SMART log; a log that cannot be read, or a
// partition, gets none.
func TestDisksSmart(t *testing.T) {
	nvme := &blockdev.Address{BusType: "nvme"}
	l := New(Deps{Mounts: fakeMounts{}, Stat: &fakeStat{}, Devices: &fakeDevices{disks: []blockdev.Disk{
		{Name: "/dev/nvme0n1p1", Partition: true},
		{Name: "/dev/nvme0n1", Address: nvme},
		{Name: "/dev/nvme1n1", Address: nvme},
		{Name: "/dev/vda", Address: &blockdev.Address{BusType: "virtio"}},
	}}})
	res, err := l.disks()
	if err != nil {
		t.Fatal(err)
	}
	ds := res.([]blockdev.Disk)
	if ds[1].Smart == nil || ds[1].Smart.Temperature != 300 || ds[0].Smart != nil || ds[2].Smart != nil || ds[3].Smart != nil {
		t.Fatalf("smart: %+v", ds)
	}
	b, _ := json.Marshal(ds[1])
	if !strings.Contains(string(b), `"smart":{"type":"nvme","critical-warning":0,"temperature":300,`) {
		t.Fatalf("shape: %s", b)
	}
}

func TestDisksEmptyIsArray(t *testing.T) {
	l := New(Deps{Mounts: fakeMounts{}, Devices: &fakeDevices{}, Stat: &fakeStat{}})
	res, err := l.disks()
	if b, _ := json.Marshal(res); err != nil || string(b) != "[]" {
		t.Fatalf("got %s, %v", b, err)
	}
}

type hungMounts chan struct{}

func (h hungMounts) Mounts() ([]freeze.Mount, error) { <-h; return nil, nil }

// A mount table that does not come (a mount holding the kernel's
// namespace lock) fails the request after the deadline, and the next one
// at once.
func TestFsinfoHungMountTable(t *testing.T) {
	h := make(hungMounts)
	defer close(h)
	l := New(Deps{Mounts: h, Devices: &fakeDevices{}, Stat: &fakeStat{}, SysfsTimeout: 20 * time.Millisecond})
	_, err := l.fsinfo()
	if err == nil || !strings.HasPrefix(err.Error(), "failed to read /proc/self/mountinfo: no answer within 20ms") {
		t.Fatalf("got %v", err)
	}
	if _, err := l.fsinfo(); err == nil || !strings.Contains(err.Error(), "still running") {
		t.Fatalf("second call: %v", err)
	}
}
