package sim

// Kernel is what the simulated guest's kernel reports through sysfs and
// /proc beyond mounts and interfaces: its vCPUs and memory blocks (which
// guest-set-vcpus and guest-set-memory-blocks change), the counters of
// /proc/stat and /proc/diskstats, and the routing tables.
type Kernel struct {
	CPUs []CPU `json:"cpus"`
	// Memory nil is a guest without /sys/devices/system/memory (no
	// memory hotplug); its blocks and their size otherwise.
	Memory    *Memory    `json:"memory,omitempty"`
	CPUStats  []CPUStat  `json:"cpustats"`
	DiskStats []DiskStat `json:"diskstats"`
	Routes    []Route    `json:"routes"`
	NoIPv6    bool       `json:"no-ipv6,omitempty"` // no /proc/net/ipv6_route (IPv6 disabled)
}

// CPU is one logical processor. Hotpluggable false is a CPU without an
// "online" file (cpu0 on x86): always online, never offlined.
type CPU struct {
	ID           int64 `json:"id"`
	Online       bool  `json:"online"`
	Hotpluggable bool  `json:"hotpluggable"`
}

// Memory is the guest's memory blocks and their size in bytes.
type Memory struct {
	BlockSize uint64        `json:"block-size"`
	Blocks    []MemoryBlock `json:"blocks"`
}

// MemoryBlock is one block; offlining a block that is not Removable
// fails with EBUSY, as the kernel's does when pages cannot be migrated.
type MemoryBlock struct {
	Index     uint64 `json:"index"`
	Online    bool   `json:"online"`
	Removable bool   `json:"removable"`
}

// CPUStat is one "cpuN" line of /proc/stat, in clock ticks (USER_HZ).
type CPUStat struct {
	CPU   int64    `json:"cpu"`
	Ticks []uint64 `json:"ticks"` // user nice system idle [iowait irq softirq steal guest guest_nice]
}

// DiskStat is one line of /proc/diskstats: Counters has 4, 11, 15 or 17
// values, as kernels of different ages print them.
type DiskStat struct {
	Major    uint64   `json:"major"`
	Minor    uint64   `json:"minor"`
	Name     string   `json:"name"`
	Counters []uint64 `json:"counters"`
}

// Route is one route. IPv4 routes have a Mask and a Gateway; IPv6 ones a
// prefix length in Destination's CIDR, a Source CIDR and a NextHop.
type Route struct {
	Iface       string `json:"iface"`
	Destination string `json:"destination"` // CIDR: "0.0.0.0/0", "2001:db8::/64"
	Gateway     string `json:"gateway,omitempty"`
	Source      string `json:"source,omitempty"` // IPv6: CIDR, default "::/0"
	NextHop     string `json:"nexthop,omitempty"`
	Metric      uint32 `json:"metric"`
	Flags       uint32 `json:"flags"`
	RefCnt      uint32 `json:"refcnt,omitempty"`
	Use         uint32 `json:"use,omitempty"`
	MTU         uint32 `json:"mtu,omitempty"`
	Window      uint32 `json:"window,omitempty"`
	IRTT        uint32 `json:"irtt,omitempty"`
}

// DefaultKernel is the default guest's: two vCPUs (cpu0 fixed), four
// 128 MiB memory blocks (the first not removable), a virtio disk with a
// partition, a default route over eth0 for each family.
func DefaultKernel() Kernel {
	return Kernel{
		CPUs: []CPU{{ID: 0, Online: true}, {ID: 1, Online: true, Hotpluggable: true}},
		Memory: &Memory{BlockSize: 128 << 20, Blocks: []MemoryBlock{
			{Index: 0, Online: true}, {Index: 1, Online: true, Removable: true},
			{Index: 2, Online: true, Removable: true}, {Index: 3, Online: true, Removable: true},
		}},
		CPUStats: []CPUStat{
			{CPU: 0, Ticks: []uint64{7233, 0, 1581, 28796, 194, 0, 127, 6, 0, 0}},
			{CPU: 1, Ticks: []uint64{7384, 0, 1587, 28651, 126, 0, 158, 16, 0, 0}},
		},
		DiskStats: []DiskStat{
			{Major: 253, Minor: 0, Name: "vda", Counters: []uint64{4242, 12, 310522, 1710, 880, 907, 53128, 2317, 0, 2692, 4560, 0, 0, 0, 0, 310, 532}},
			{Major: 253, Minor: 1, Name: "vda1", Counters: []uint64{4101, 12, 305218, 1683, 878, 907, 53112, 2301, 0, 2650, 3984, 0, 0, 0, 0, 0, 0}},
		},
		Routes: []Route{
			{Iface: "eth0", Destination: "0.0.0.0/0", Gateway: "192.0.2.1", Flags: 0x3},
			{Iface: "eth0", Destination: "192.0.2.0/24", Flags: 0x1},
			{Iface: "eth0", Destination: "2001:db8::/64", Metric: 256, Flags: 0x1, RefCnt: 1},
			{Iface: "eth0", Destination: "::/0", NextHop: "2001:db8::1", Metric: 1024, Flags: 0x3, RefCnt: 2},
			{Iface: "lo", Destination: "::/0", Metric: 0xffffffff, Flags: 0x200200, RefCnt: 1},
		},
	}
}
