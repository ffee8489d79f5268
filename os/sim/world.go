package sim

import (
	"encoding/json"
	"fmt"
	"os"
)

// World is the simulated guest, as --sim-config's JSON describes it.
type World struct {
	Mounts     []Mount     `json:"mounts"`
	Interfaces []Interface `json:"interfaces"`
	Power      Power       `json:"power"`
	Storage    Storage     `json:"storage"`
	Users      []User      `json:"users"` // credentials.go
	Hook       Hook        `json:"hook"`
	Kernel     Kernel      `json:"kernel"` // vCPUs, memory blocks, counters, routes (kernel.go)
	SysInfo    SysInfo     `json:"sysinfo"`
	Programs   Programs    `json:"programs"`
}

// Mount is one line of the simulated /proc/self/mountinfo.
type Mount struct {
	Path string `json:"path"` // mount point
	Type string `json:"type"` // filesystem type (ext4, xfs, proc, ...)
	Dev  string `json:"dev"`  // "major:minor"; major 0 marks a virtual filesystem
}

// Interface is one simulated network interface.
type Interface struct {
	Name  string   `json:"name"`
	MAC   string   `json:"mac,omitempty"`   // omitted: no hardware address
	Addrs []string `json:"addrs,omitempty"` // CIDR, e.g. "192.0.2.10/24"
	Stats *Stats   `json:"stats,omitempty"`
}

// Stats are an interface's counters, as /proc/net/dev has them.
type Stats struct {
	RxBytes   uint64 `json:"rx-bytes"`
	RxPackets uint64 `json:"rx-packets"`
	RxErrs    uint64 `json:"rx-errs"`
	RxDropped uint64 `json:"rx-dropped"`
	TxBytes   uint64 `json:"tx-bytes"`
	TxPackets uint64 `json:"tx-packets"`
	TxErrs    uint64 `json:"tx-errs"`
	TxDropped uint64 `json:"tx-dropped"`
}

// Power says which suspend modes the simulated guest supports.
type Power struct {
	Suspend []string `json:"suspend"` // of "ram", "disk", "hybrid"
}

// Default is the simulated guest when no --sim-config is given: three real
// filesystems among six mounts, a loopback and one NIC, suspend to RAM and
// disk but not hybrid.
func Default() *World {
	return &World{
		Mounts: []Mount{
			{Path: "/", Type: "ext4", Dev: "253:0"},
			{Path: "/boot", Type: "ext4", Dev: "253:1"},
			{Path: "/home", Type: "xfs", Dev: "253:2"},
			{Path: "/proc", Type: "proc", Dev: "0:22"},
			{Path: "/sys", Type: "sysfs", Dev: "0:21"},
			{Path: "/run", Type: "tmpfs", Dev: "0:25"},
		},
		Interfaces: []Interface{
			{Name: "lo", MAC: "00:00:00:00:00:00", Addrs: []string{"127.0.0.1/8", "::1/128"}},
			{Name: "eth0", MAC: "52:54:00:12:34:56", Addrs: []string{"192.0.2.10/24", "2001:db8::10/64"}},
		},
		Power:   Power{Suspend: []string{"ram", "disk"}},
		Storage: DefaultStorage(),
		Users:   DefaultUsers(),
		Kernel:  DefaultKernel(),
		SysInfo: DefaultSysInfo(),
	}
}

// Load reads a World from path; "" gives Default. Unknown JSON fields are
// an error, so a typo in a test's world does not pass silently.
func Load(path string) (*World, error) {
	if path == "" {
		return Default(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read --sim-config: %w", err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.DisallowUnknownFields()
	w := &World{}
	if err := dec.Decode(w); err != nil {
		return nil, fmt.Errorf("bad --sim-config %s: %w", path, err)
	}
	return w, nil
}
