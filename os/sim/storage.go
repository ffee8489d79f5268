package sim

// Storage is the simulated guest's block devices and what its
// filesystems answer to statvfs and FITRIM. The mounts themselves are
// World.Mounts: a mount's Dev names the disk or partition it lives on.
type Storage struct {
	// Disks are the block devices of /sys/block, in that order.
	Disks []Disk `json:"disks"`
	// Usage is each mount point's statvfs; a mount without one fails
	// statvfs (its fsinfo entry has no sizes).
	Usage map[string]Usage `json:"usage,omitempty"`
	// Trim is each mount point's FITRIM answer; a mount on a device
	// without one trims its free bytes.
	Trim map[string]Trim `json:"trim,omitempty"`
}

// Disk is one block device of /sys/block.
type Disk struct {
	Name string `json:"name"` // kernel name: vda, sda, nvme0n1, dm-0, md0
	Dev  string `json:"dev"`  // "major:minor"
	// Address is where the disk sits on its bus; nil for a virtual
	// device (device-mapper, MD, loop), which has Slaves instead.
	Address *Address `json:"address,omitempty"`
	// Slaves are the names of the disks or partitions it is built on.
	Slaves []string `json:"slaves,omitempty"`
	// Alias is a device-mapper device's name (udev's DM_NAME).
	Alias      string      `json:"alias,omitempty"`
	Partitions []Partition `json:"partitions,omitempty"`
	// Empty marks a zero-sized device (an unused loop device), which
	// guest-get-disks leaves out.
	Empty bool `json:"empty,omitempty"`
}

// Partition is one partition of a Disk.
type Partition struct {
	Name string `json:"name"` // vda1, nvme0n1p2
	Dev  string `json:"dev"`  // "major:minor"
}

// Address is a disk's place on its bus, as sysfs would reveal it.
type Address struct {
	BusType string `json:"bus-type"`      // virtio, scsi, ide, sata, nvme, usb, ...
	PCI     string `json:"pci,omitempty"` // the controller, "0000:00:04.0"; "" unknown
	Bus     int    `json:"bus,omitempty"`
	Target  int    `json:"target,omitempty"`
	Unit    int    `json:"unit,omitempty"`
	Serial  string `json:"serial,omitempty"`
}

// Usage is a filesystem's size in bytes, as statvfs counts it in
// fragments (Frsize bytes, 4096 when 0).
type Usage struct {
	Size   uint64 `json:"size"`  // f_blocks
	Free   uint64 `json:"free"`  // f_bfree: free, counting root's reserve
	Avail  uint64 `json:"avail"` // f_bavail: free for unprivileged users
	Frsize uint64 `json:"frsize,omitempty"`
}

// Trim is one mount's FITRIM answer: bytes trimmed, or an errno name
// ("EOPNOTSUPP", "EIO", ...).
type Trim struct {
	Trimmed uint64 `json:"trimmed,omitempty"`
	Error   string `json:"error,omitempty"`
}

// DefaultStorage backs Default's mounts: / and /boot are LVM volumes on
// the partitions of a virtio disk, /home is a volume on a virtio-scsi
// disk; an unused NVMe disk (with a SMART log) and an empty loop device
// are listed too.
func DefaultStorage() Storage {
	return Storage{
		Disks: []Disk{
			{Name: "vda", Dev: "252:0", Address: &Address{BusType: "virtio", PCI: "0000:00:04.0", Serial: "sim-disk-0"},
				Partitions: []Partition{{Name: "vda1", Dev: "252:1"}, {Name: "vda2", Dev: "252:2"}}},
			{Name: "sda", Dev: "8:0", Address: &Address{BusType: "scsi", PCI: "0000:00:05.0", Unit: 1, Serial: "0QEMU_QEMU_HARDDISK_sim-disk-1"}},
			{Name: "dm-0", Dev: "253:0", Slaves: []string{"vda2"}, Alias: "vg0-root"},
			{Name: "dm-1", Dev: "253:1", Slaves: []string{"vda1"}, Alias: "vg0-boot"},
			{Name: "dm-2", Dev: "253:2", Slaves: []string{"sda"}, Alias: "vg1-home"},
			{Name: "nvme0n1", Dev: "259:0", Address: &Address{BusType: "nvme", PCI: "0000:00:06.0", Serial: "sim-nvme-0"}},
			{Name: "loop0", Dev: "7:0", Empty: true},
		},
		Usage: map[string]Usage{
			"/":     {Size: 20 << 30, Free: 12 << 30, Avail: 11 << 30},
			"/boot": {Size: 1 << 30, Free: 800 << 20, Avail: 750 << 20},
			"/home": {Size: 100 << 30, Free: 60 << 30, Avail: 55 << 30},
		},
		Trim: map[string]Trim{"/boot": {Error: "EOPNOTSUPP"}},
	}
}
