package blockdev

// PCIAddress is a disk controller's PCI address; -1 in every field when
// unknown, as qemu-ga reports it.
type PCIAddress struct {
	Domain   int `json:"domain"`
	Bus      int `json:"bus"`
	Slot     int `json:"slot"`
	Function int `json:"function"`
}

// CCWAddress is an s390x channel I/O device's address.
type CCWAddress struct {
	CSSID   int `json:"cssid"`
	SSID    int `json:"ssid"`
	Subchno int `json:"subchno"`
	Devno   int `json:"devno"`
}

// Address is qemu-ga's GuestDiskAddress, member for member: libvirt
// rejects a whole reply when pci-controller, bus-type, bus, target or
// unit is missing, so they are always present.
type Address struct {
	PCI     PCIAddress  `json:"pci-controller"`
	BusType string      `json:"bus-type"`
	Bus     int         `json:"bus"`
	Target  int         `json:"target"`
	Unit    int         `json:"unit"`
	Serial  string      `json:"serial,omitempty"`
	Dev     string      `json:"dev,omitempty"`
	CCW     *CCWAddress `json:"ccw-address,omitempty"`
}

// Unknown is the address qemu-ga starts from: bus type "unknown", no PCI
// controller (-1), bus, target and unit 0.
func Unknown() Address {
	return Address{PCI: PCIAddress{-1, -1, -1, -1}, BusType: "unknown"}
}

// Device is what a mounted filesystem's block device resolves to.
type Device struct {
	// Name is the kernel's name of the device (vda1, dm-0), or the
	// basename of /sys/dev/block/M:m when sysfs does not have it.
	Name string
	// Disks are the addresses of the real disks under it, in qemu-ga's
	// order (the last slave found first).
	Disks []Address
}

// Disk is one entry of guest-get-disks (qemu-ga's GuestDiskInfo).
type Disk struct {
	Name      string `json:"name"` // the device node, /dev/vda
	Partition bool   `json:"partition"`
	// Dependencies is present (maybe empty) when the device has a slaves
	// directory, and for a partition (its disk).
	Dependencies []string   `json:"dependencies,omitzero"`
	Address      *Address   `json:"address,omitempty"`
	Alias        string     `json:"alias,omitempty"`
	Smart        *NVMeSmart `json:"smart,omitempty"` // NVMe disks whose log could be read
}

// Source is the OS boundary of fsinfo's and guest-get-disks's device
// facts. Each call can read many sysfs files; callers bound it with a
// deadline.
type Source interface {
	// Device resolves the block device major:minor.
	Device(major, minor uint32) (Device, error)
	// Disks lists guest-get-disks's entries in qemu-ga's order.
	Disks() ([]Disk, error)
	// DevOf is stat(2)'s st_rdev of a block device node: qemu-ga finds a
	// btrfs filesystem's device (its mountinfo says 0:N) this way.
	DevOf(path string) (major, minor uint32, err error)
	// Smart reads the SMART log of the NVMe disk at a device node.
	Smart(node string) (*NVMeSmart, error)
}
